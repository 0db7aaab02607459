"""The setup as YAML again (download and upload) and edits made from the web: the same checks,
messages and writes as load_negotiation, logged, deleting nothing."""

from datetime import date
from pathlib import Path

import pytest

from negotiations.models import Actor, Alias, Issue, Negotiation, Party, Proposal, SetupChange, Stance
from negotiations.services.proposals import do_merge_proposals
from negotiations.services.setup import (
    SetupEdit,
    SetupError,
    do_create_negotiation,
    do_edit_setup,
    do_load_setup_text,
    load_negotiation_data,
    negotiation_yaml,
    parse_negotiation,
)
from negotiations.services.unknown import do_add_name_alias
from tests.helpers import annotate, make_article, make_statement
from tests.services.test_setup import SETUP

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "seeds" / "gaza-negotiation.yaml"


def loaded(text: str = SETUP) -> Negotiation:
    return load_negotiation_data(text).negotiation


def test_the_download_parses_to_what_was_loaded():
    seed = SEED.read_text(encoding="utf-8")
    negotiation = loaded(seed)

    assert parse_negotiation(negotiation_yaml(negotiation)) == parse_negotiation(seed)


def test_a_round_trip_gives_the_same_file_and_changes_nothing():
    negotiation = loaded()
    downloaded = negotiation_yaml(negotiation)

    change = do_load_setup_text(downloaded, filename="arven-river.yaml", negotiation=negotiation)

    assert negotiation_yaml(negotiation) == downloaded
    assert "aliases: 0 added, 0 removed" in change.summary
    assert "0 created, 0 updated" in change.summary.splitlines()[1]
    assert downloaded.splitlines()[1:4] == [
        "slug: arven-river",
        "title: Arven river water-sharing talks",
        "description: Norland and Sudmark on the Arven's water.",
    ]
    assert "  aliases: [Norlandic, Oslen]" in downloaded
    assert "\n".join(downloaded.splitlines()[-5:]) == (
        "proposals:\n"
        "  - name: Commission flow formula\n"
        "    by: River Commission\n"
        "    date: 2025-03-10\n"
        "    aliases: [flow formula]"
    )


def test_the_download_leaves_out_proposals_found_in_articles():
    negotiation = loaded()
    Proposal.objects.create(negotiation=negotiation, name="an Egyptian text", origin=Proposal.Origin.ARTICLE)

    assert "an Egyptian text" not in negotiation_yaml(negotiation)


def test_an_upload_for_another_negotiation_is_refused_with_the_line():
    negotiation = loaded()
    other = SETUP.replace("slug: arven-river", "slug: other-river")

    with pytest.raises(SetupError, match=r"^upload.yaml:1: the file sets up 'other-river', not 'arven-river'$"):
        do_load_setup_text(other, filename="upload.yaml", negotiation=negotiation)


def test_an_upload_with_an_error_gives_load_negotiations_message():
    negotiation = loaded()
    bad = SETUP.replace("kind: mediator", "kind: referee")

    with pytest.raises(SetupError) as raised:
        do_load_setup_text(bad, filename="upload.yaml", negotiation=negotiation)
    with pytest.raises(SetupError) as loading:
        load_negotiation_data(bad, filename="upload.yaml")

    assert str(raised.value) == str(loading.value)
    assert str(raised.value).startswith("upload.yaml:15: bad kind 'referee' for party 'River Commission'")


def test_creating_a_negotiation_checks_like_the_file(django_user_model):
    user = django_user_model.objects.create_user("ed")

    change = do_create_negotiation(slug="nile-talks", title="Nile talks", user=user)

    assert (change.negotiation.slug, change.negotiation.title, change.user) == ("nile-talks", "Nile talks", user)
    assert change.action == "Created the negotiation"
    with pytest.raises(SetupError) as raised:
        do_create_negotiation(slug="nile talks", title="Nile")
    assert raised.value.problem == "bad slug 'nile talks' (use only letters, digits, '-' and '_')"
    with pytest.raises(SetupError) as raised:
        do_create_negotiation(slug="nile-talks", title="Again")
    assert raised.value.problem == "a negotiation 'nile-talks' already exists"


def test_adding_a_party_an_actor_an_issue_and_a_proposal():
    negotiation = loaded()

    do_edit_setup(negotiation, SetupEdit("party", None, {"name": "Ostland", "kind": "observer", "aliases": ["Ost"]}))
    do_edit_setup(negotiation, SetupEdit("actor", None, {"name": "Jan Ost", "title": "Envoy", "party": "Ostland"}))
    do_edit_setup(negotiation, SetupEdit("issue", None, {"name": "Fish stocks", "aliases": ["fish"]}))
    do_edit_setup(
        negotiation,
        SetupEdit("proposal", None, {"name": "Ost plan", "by": "Ostland", "date": "2025-05-01", "aliases": []}),
    )

    ostland = Party.objects.get(negotiation=negotiation, name="Ostland")
    assert (ostland.kind, ostland.position) == (Party.Kind.OBSERVER, 3)
    assert list(ostland.aliases.values_list("text", flat=True)) == ["Ost"]
    assert Actor.objects.get(name="Jan Ost").party == ostland
    assert Issue.objects.get(negotiation=negotiation, name="Fish stocks").position == 2
    plan = Proposal.objects.get(name="Ost plan")
    assert (plan.party, plan.date, plan.origin) == (ostland, date(2025, 5, 1), Proposal.Origin.SETUP)
    assert list(SetupChange.objects.values_list("action", flat=True)) == [
        "Added proposal 'Ost plan'",
        "Added issue 'Fish stocks'",
        "Added actor 'Jan Ost' to 'Ostland'",
        "Added party 'Ostland'",
    ]


def test_moving_a_party_changes_its_colour_order():
    negotiation = loaded()

    do_edit_setup(negotiation, SetupEdit("party", "Sudmark", move=-1))

    assert list(negotiation.parties.order_by("position").values_list("name", flat=True)) == [
        "Sudmark",
        "Norland",
        "River Commission",
    ]
    assert SetupChange.objects.get().action == "Moved party 'Sudmark' up"


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (SetupEdit("party", "Sudmark", {"name": "Norland"}), "duplicate party name 'Norland' (first on line 6)"),
        (
            SetupEdit("party", "Sudmark", {"kind": "referee"}),
            "bad kind 'referee' for party 'Sudmark' (expected party | mediator | observer)",
        ),
        (SetupEdit("issue", None, {"name": " "}), "the name of issue #3 is empty"),
        (
            SetupEdit("proposal", "Commission flow formula", {"date": "10 March"}),
            "bad date '10 March' for proposal 'Commission flow formula' (expected YYYY-MM-DD)",
        ),
        (
            SetupEdit("actor", None, {"name": "Ilse Varga", "party": "Sudmark"}),
            "duplicate actor name 'Ilse Varga' (first on line 10)",
        ),
        (SetupEdit("party", "Ostland", {"kind": "party"}), None),
    ],
)
def test_a_bad_edit_gets_load_negotiations_message_and_changes_nothing(edit, problem):
    negotiation = loaded()
    before = negotiation_yaml(negotiation)

    with pytest.raises(SetupError) as raised:
        do_edit_setup(negotiation, edit)

    if problem is not None:
        assert raised.value.problem == problem
        assert str(raised.value).endswith(f": {problem}")
        assert str(raised.value).startswith("arven-river.yaml:")
    else:
        assert "no party 'Ostland'" in raised.value.problem
    assert negotiation_yaml(negotiation) == before
    assert not SetupChange.objects.exists()


def test_a_rename_keeps_statements_annotations_and_targets(django_user_model):
    negotiation = loaded()
    dam = Issue.objects.get(negotiation=negotiation, name="Kell dam")
    statement = make_statement(
        make_article(negotiation),
        "Sudmark rejected",
        party="Sudmark",
        issues=("Kell dam",),
        stance=Stance.REJECTS,
        target="Kell dam",
    )
    annotate(statement, note="checked", target="Kell dam")

    do_edit_setup(negotiation, SetupEdit("issue", "Kell dam", {"name": "Kell reservoir", "aliases": ["dam"]}))

    dam.refresh_from_db()
    statement.refresh_from_db()
    assert dam.name == "Kell reservoir"
    assert list(statement.issues.all()) == [dam]
    assert statement.target == "Kell reservoir"
    assert (statement.annotation.note, statement.annotation.target) == ("checked", "Kell reservoir")
    assert sorted(Alias.objects.filter(issue=dam).values_list("text", flat=True)) == ["dam"]
    assert SetupChange.objects.get().action == "Renamed issue 'Kell dam' to 'Kell reservoir'"


def test_an_actor_moves_to_another_party():
    negotiation = loaded()

    do_edit_setup(negotiation, SetupEdit("actor", "Ana Ferreira", {"title": "Observer", "party": "Sudmark"}))

    actor = Actor.objects.get(name="Ana Ferreira")
    assert (actor.party.name, actor.title) == ("Sudmark", "Observer")


def test_renaming_a_party_keeps_its_actors_and_proposals():
    negotiation = loaded()

    do_edit_setup(negotiation, SetupEdit("party", "River Commission", {"name": " Arven Commission "}))

    commission = Party.objects.get(negotiation=negotiation, name="Arven Commission")
    assert Actor.objects.get(name="Ana Ferreira").party == commission
    assert Proposal.objects.get(name="Commission flow formula").party == commission
    assert "by: Arven Commission" in negotiation_yaml(negotiation)


def merged_into_formula(negotiation: Negotiation) -> Proposal:
    """The setup's proposal after a merge gave it the aliases 'Brava paper' and 'Sudmarkian draft'."""
    formula = negotiation.proposals.get(name="Commission flow formula")
    draft = Proposal.objects.create(negotiation=negotiation, name="Sudmarkian draft", origin=Proposal.Origin.ARTICLE)
    Alias.objects.create(negotiation=negotiation, text="Brava paper", proposal=draft)
    do_merge_proposals(draft, formula)
    return formula


def origins(proposal: Proposal) -> dict[str, str]:
    return dict(proposal.aliases.values_list("text", "origin"))


def test_a_web_edit_keeps_a_merges_aliases_as_the_merges():
    # The setup page starts from the stored aliases, the merge's among them: saving an unrelated
    # change (or an edit of the proposal that leaves them) must neither drop them nor make them
    # the file's, or the next reload of an older file would take them away.
    negotiation = loaded()
    formula = merged_into_formula(negotiation)
    merge = {"Brava paper": Alias.Origin.MERGE, "Sudmarkian draft": Alias.Origin.MERGE}

    do_edit_setup(negotiation, SetupEdit("party", "Sudmark", {"kind": "party"}))
    aliases = [*formula.aliases.values_list("text", flat=True), "the formula"]  # as the page posts them
    do_edit_setup(negotiation, SetupEdit("proposal", "Commission flow formula", {"aliases": aliases}))

    assert origins(formula) == {**merge, "flow formula": Alias.Origin.SETUP, "the formula": Alias.Origin.SETUP}
    load_negotiation_data(SETUP)
    assert origins(formula) == {**merge, "flow formula": Alias.Origin.SETUP}


def test_a_merges_alias_taken_out_on_the_web_goes():
    negotiation = loaded()
    formula = merged_into_formula(negotiation)

    edit = SetupEdit("proposal", "Commission flow formula", {"aliases": ["flow formula", "Brava paper"]})
    change = do_edit_setup(negotiation, edit)

    assert origins(formula) == {"Brava paper": Alias.Origin.MERGE, "flow formula": Alias.Origin.SETUP}
    assert "aliases: 0 added, 1 removed" in change.summary


def test_a_name_given_on_the_unknown_names_page_is_a_setup_alias():
    negotiation = loaded()
    merged_into_formula(negotiation)
    sudmark = negotiation.parties.get(name="Sudmark")

    do_add_name_alias(negotiation, name="the Sudmarkians", target=sudmark)

    assert dict(sudmark.aliases.values_list("text", "origin")) == {
        "Sudmarker": Alias.Origin.SETUP,
        "the Sudmarkians": Alias.Origin.SETUP,
    }
    # Like any alias of the file's: loading the file, which does not list it, takes it out.
    load_negotiation_data(SETUP)
    assert list(sudmark.aliases.values_list("text", flat=True)) == ["Sudmarker"]
    assert set(origins(negotiation.proposals.get(name="Commission flow formula"))) == {
        "Brava paper",
        "Sudmarkian draft",
        "flow formula",
    }


def test_control_characters_are_cleaned_from_setup_text_from_a_file_or_a_form():
    # Before: a quoted "\0" in a setup file, or a form's control character, reached the
    # database (PostgreSQL refuses NUL: the load stopped with a traceback).
    negotiation = loaded(
        SETUP.replace("- name: Sudmark", '- name: "Sud\\0mark\\a"').replace(
            "description: Norland and Sudmark on the Arven's water.",
            'description: "Norland and\\nSudmark\\0 on the Arven\\x1b[31m"',
        )
    )
    do_edit_setup(negotiation, SetupEdit("issue", None, {"name": "Fish\x07 stocks\n", "aliases": ["fish\x00"]}))

    negotiation.refresh_from_db()
    assert negotiation.description == "Norland and\nSudmark\ufffd on the Arven [31m"
    assert negotiation.parties.filter(name="Sudmark").exists()
    assert list(Issue.objects.get(name="Fish stocks").aliases.values_list("text", flat=True)) == ["fish"]
