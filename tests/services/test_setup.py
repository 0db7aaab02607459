from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from negotiations.models import Actor, Alias, Issue, Negotiation, Party, Proposal, StatementAnnotation
from negotiations.services.proposals import do_merge_proposals
from negotiations.services.setup import SetupError, load_negotiation_data, load_negotiation_file
from tests.helpers import annotate, make_article, make_statement

SETUP = dedent(
    """\
    slug: arven-river
    title: Arven river water-sharing talks
    description: Norland and Sudmark on the Arven's water.
    parties:
      - name: Norland
        kind: party
        aliases: [Norlandic, Oslen]
        actors:
          - {name: Ilse Varga, title: Water Minister, aliases: [Varga]}
      - name: Sudmark
        aliases: [Sudmarker]
        actors:
          - {name: Tomas Brell, title: Foreign Minister}
      - name: River Commission
        kind: mediator
        aliases: [the commission]
        actors:
          - name: Ana Ferreira
            title: Envoy
    issues:
      - {name: Dry-season flow, description: Water reaching Sudmark in August., aliases: [minimum flow, dry season]}
      - {name: Kell dam, aliases: [dam, reservoir]}
    proposals:
      - {name: Commission flow formula, by: River Commission, date: 2025-03-10, aliases: [flow formula]}
    """
)


def write(tmp_path: Path, text: str, name: str = "setup.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def aliases_of(**target: object) -> list[str]:
    return sorted(Alias.objects.filter(**target).values_list("text", flat=True))


def snapshot() -> dict[str, list[tuple]]:
    """Everything the loader may write, to compare before and after a failed load."""
    return {
        "negotiations": list(Negotiation.objects.values_list("slug", "title", "description")),
        "parties": list(Party.objects.values_list("name", "kind", "position")),
        "actors": list(Actor.objects.values_list("name", "title", "party__name")),
        "issues": list(Issue.objects.values_list("name", "description", "position")),
        "proposals": list(Proposal.objects.values_list("name", "party__name", "date", "origin")),
        "aliases": list(Alias.objects.order_by("id").values_list("text", "party", "actor", "issue", "proposal")),
    }


@pytest.mark.django_db
def test_load_creates_everything(tmp_path):
    result = load_negotiation_file(write(tmp_path, SETUP))

    negotiation = Negotiation.objects.get(slug="arven-river")
    assert result.negotiation == negotiation
    assert result.negotiation_created
    assert (negotiation.title, negotiation.description) == (
        "Arven river water-sharing talks",
        "Norland and Sudmark on the Arven's water.",
    )
    assert list(negotiation.parties.values_list("name", "kind", "position")) == [
        ("Norland", "party", 0),
        ("Sudmark", "party", 1),  # kind defaults to party
        ("River Commission", "mediator", 2),
    ]
    assert sorted(negotiation.actors.values_list("name", "title", "party__name")) == [
        ("Ana Ferreira", "Envoy", "River Commission"),
        ("Ilse Varga", "Water Minister", "Norland"),
        ("Tomas Brell", "Foreign Minister", "Sudmark"),
    ]
    assert list(negotiation.issues.values_list("name", "description", "position")) == [
        ("Dry-season flow", "Water reaching Sudmark in August.", 0),
        ("Kell dam", "", 1),
    ]
    proposal = negotiation.proposals.get()
    assert (proposal.name, proposal.party.name, proposal.date, proposal.origin) == (
        "Commission flow formula",
        "River Commission",
        date(2025, 3, 10),
        Proposal.Origin.SETUP,
    )
    assert aliases_of(party__name="Norland") == ["Norlandic", "Oslen"]
    assert aliases_of(actor__name="Ilse Varga") == ["Varga"]
    assert aliases_of(actor__name="Tomas Brell") == []
    assert aliases_of(issue__name="Kell dam") == ["dam", "reservoir"]
    assert aliases_of(proposal__name="Commission flow formula") == ["flow formula"]
    assert Alias.objects.filter(negotiation=negotiation).count() == 10
    assert {kind: (c.created, c.updated, c.unchanged) for kind, c in result.counts.items()} == {
        "parties": (3, 0, 0),
        "actors": (3, 0, 0),
        "issues": (2, 0, 0),
        "proposals": (1, 0, 0),
    }
    assert (result.aliases_added, result.aliases_removed, result.kept) == (10, 0, [])


@pytest.mark.django_db
def test_loading_the_same_file_again_changes_nothing(tmp_path):
    path = write(tmp_path, SETUP)
    load_negotiation_file(path)
    before = snapshot()
    alias_ids = sorted(Alias.objects.values_list("id", flat=True))

    result = load_negotiation_file(path)

    assert snapshot() == before
    assert sorted(Alias.objects.values_list("id", flat=True)) == alias_ids
    assert not result.negotiation_created and not result.negotiation_updated
    assert {kind: (c.created, c.updated) for kind, c in result.counts.items()} == {
        kind: (0, 0) for kind in ("parties", "actors", "issues", "proposals")
    }
    assert result.counts["actors"].unchanged == 3
    assert (result.aliases_added, result.aliases_removed) == (0, 0)


@pytest.mark.django_db
def test_reload_updates_in_place_and_keeps_statements_and_annotations(tmp_path):
    path = write(tmp_path, SETUP)
    load_negotiation_file(path)
    negotiation = Negotiation.objects.get()
    norland = Party.objects.get(name="Norland")
    varga = Actor.objects.get(name="Ilse Varga")
    article = make_article(negotiation)
    statement = make_statement(
        article, "We need more water in August.", speaker="Ilse Varga", party=norland, actor=varga, issues=("Kell dam",)
    )
    annotation = annotate(statement, status=StatementAnnotation.Status.CONFIRMED, party="Sudmark", note="checked")

    edited = (
        SETUP.replace("title: Arven river water-sharing talks", "title: Arven river talks, second round")
        .replace("aliases: [Norlandic, Oslen]", "aliases: [Norlandic, Oslen-Nord]")
        .replace("title: Water Minister", "title: Minister of Water")
        .replace("  - name: Sudmark\n", "  - name: Estmark\n    kind: observer\n  - name: Sudmark\n")
        .replace("date: 2025-03-10", "date: 2025-03-12")
    )
    result = load_negotiation_file(write(tmp_path, edited))

    negotiation.refresh_from_db()
    assert negotiation.title == "Arven river talks, second round"
    assert result.negotiation_updated
    assert Party.objects.get(name="Norland").pk == norland.pk
    assert aliases_of(party=norland) == ["Norlandic", "Oslen-Nord"]
    assert Actor.objects.get(pk=varga.pk).title == "Minister of Water"
    assert list(negotiation.parties.values_list("name", "kind", "position")) == [
        ("Norland", "party", 0),
        ("Estmark", "observer", 1),
        ("Sudmark", "party", 2),
        ("River Commission", "mediator", 3),
    ]
    assert negotiation.proposals.get().date == date(2025, 3, 12)
    # Positions shift (updated); Norland's alias changed (updated); Estmark is new.
    assert (result.counts["parties"].created, result.counts["parties"].updated) == (1, 3)
    assert (result.counts["actors"].updated, result.counts["actors"].unchanged) == (1, 2)
    assert (result.aliases_added, result.aliases_removed) == (1, 1)

    statement.refresh_from_db()
    annotation.refresh_from_db()
    assert (statement.party_id, statement.actor_id) == (norland.pk, varga.pk)
    assert [issue.name for issue in statement.issues.all()] == ["Kell dam"]
    assert (annotation.status, annotation.party.name, annotation.note) == ("confirmed", "Sudmark", "checked")


@pytest.mark.django_db
def test_things_removed_from_the_file_are_kept_and_reported(tmp_path):
    load_negotiation_file(write(tmp_path, SETUP))
    negotiation = Negotiation.objects.get()
    sudmark = Party.objects.get(name="Sudmark")
    kell = Issue.objects.get(name="Kell dam")
    statement = make_statement(
        make_article(negotiation), "We need more water in August.", party=sudmark, issues=(kell,)
    )
    Proposal.objects.create(negotiation=negotiation, name="Sudmark's counter-offer", origin=Proposal.Origin.ARTICLE)

    without = dedent(
        """\
        slug: arven-river
        title: Arven river water-sharing talks
        parties:
          - {name: Norland, aliases: [Norlandic]}
          - {name: River Commission, kind: mediator}
        issues:
          - {name: Dry-season flow}
        """
    )
    result = load_negotiation_file(write(tmp_path, without))

    assert sorted(result.kept) == [
        "actor 'Ana Ferreira'",
        "actor 'Ilse Varga'",
        "actor 'Tomas Brell'",
        "issue 'Kell dam'",
        "party 'Sudmark'",
        "proposal 'Commission flow formula'",
    ]
    assert list(negotiation.parties.values_list("name", "position")) == [
        ("Norland", 0),
        ("River Commission", 1),
        ("Sudmark", 2),  # kept, moved after the file's parties
    ]
    # Kept things keep their aliases; things in the file lose the aliases it dropped.
    assert aliases_of(party=sudmark) == ["Sudmarker"]
    assert aliases_of(issue=kell) == ["dam", "reservoir"]
    assert aliases_of(party__name="Norland") == ["Norlandic"]
    assert aliases_of(party__name="River Commission") == []
    assert negotiation.proposals.count() == 2
    statement.refresh_from_db()
    assert statement.party_id == sudmark.pk
    assert list(statement.issues.all()) == [kell]
    assert "kept, not in the file any more: " in result.summary()[-1]


@pytest.mark.django_db
def test_a_listed_proposal_found_in_an_article_becomes_setup_data(tmp_path):
    load_negotiation_file(write(tmp_path, SETUP))
    found = Proposal.objects.get()
    Proposal.objects.filter(pk=found.pk).update(origin=Proposal.Origin.ARTICLE, party=None, date=None)

    result = load_negotiation_file(write(tmp_path, SETUP))

    found.refresh_from_db()
    assert (found.origin, found.party.name, found.date) == ("setup", "River Commission", date(2025, 3, 10))
    assert result.counts["proposals"].updated == 1


@pytest.mark.django_db
def test_an_actor_moved_to_another_party_in_the_file_moves(tmp_path):
    load_negotiation_file(write(tmp_path, SETUP))
    moved = SETUP.replace("      - {name: Tomas Brell, title: Foreign Minister}\n", "").replace(
        "aliases: [Varga]}", "aliases: [Varga]}\n      - {name: Tomas Brell, title: Foreign Minister}"
    )

    load_negotiation_file(write(tmp_path, moved))

    assert Actor.objects.get(name="Tomas Brell").party.name == "Norland"
    assert Actor.objects.count() == 3


BASE = "slug: arven-river\ntitle: Arven talks\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            BASE + "parties:\n  - name: Norland\n    aliases: [Norlandic\n  - name: Sudmark\n",
            "setup.yaml:6: YAML syntax error: expected ',' or ']', but got ':'",
            id="yaml-syntax",
        ),
        pytest.param(
            BASE + "partys: []\n", "setup.yaml:3: unknown key 'partys' in the setup (expected one of: ", id="top-key"
        ),
        pytest.param(
            BASE + "parties:\n  - name: Norland\n    aliasses: [Norlandic]\n",
            "setup.yaml:5: unknown key 'aliasses' in party 'Norland' (expected one of: actors, aliases, kind, name)",
            id="party-key",
        ),
        pytest.param(
            BASE + "parties:\n  - name: Norland\n    actors:\n      - {name: Ilse Varga, role: Minister}\n",
            "setup.yaml:6: unknown key 'role' in actor 'Ilse Varga' of party 'Norland'",
            id="actor-key",
        ),
        pytest.param(
            BASE + "issues:\n  - name: Kell dam\n  - name: Dry-season flow\n    alias: [dry season]\n",
            "setup.yaml:6: unknown key 'alias' in issue 'Dry-season flow'",
            id="issue-key",
        ),
        pytest.param(
            BASE + "proposals:\n  - {name: Flow formula, party: Norland}\n",
            "setup.yaml:4: unknown key 'party' in proposal 'Flow formula' (expected one of: aliases, by, date, name)",
            id="proposal-key",
        ),
        pytest.param("title: Arven talks\nparties: []\n", "setup.yaml:1: the setup has no 'slug'", id="no-slug"),
        pytest.param("slug: arven-river\ntitle:\n", "setup.yaml:2: 'title' of the setup is empty", id="empty-title"),
        pytest.param(
            BASE + "parties:\n  - name: Norland\n  - kind: mediator\n    aliases: [the commission]\n",
            "setup.yaml:5: party #2 has no 'name'",
            id="no-party-name",
        ),
        pytest.param(
            BASE + "issues:\n  - {name: Kell dam}\n  - {description: the dam}\n",
            "setup.yaml:5: issue #2 has no 'name'",
            id="no-issue-name",
        ),
        pytest.param(
            BASE + "parties:\n  - name: Norland\n    kind: observor\n",
            "setup.yaml:5: bad kind 'observor' for party 'Norland' (expected party | mediator | observer)",
            id="bad-kind",
        ),
        pytest.param(
            "slug: Arven river\ntitle: Arven talks\n",
            "setup.yaml:1: bad slug 'Arven river' (use only letters, digits, '-' and '_')",
            id="bad-slug",
        ),
        pytest.param(
            BASE + "proposals:\n  - name: Flow formula\n    date: 2025-13-01\n",
            "setup.yaml:5: bad date '2025-13-01' for proposal 'Flow formula' (expected YYYY-MM-DD)",
            id="bad-date",
        ),
        pytest.param(
            BASE + "proposals:\n  - {name: Flow formula, date: March 2025}\n",
            "setup.yaml:4: bad date 'March 2025' for proposal 'Flow formula'",
            id="date-in-words",
        ),
        pytest.param(
            BASE + "parties:\n  - name: Norland\nproposals:\n  - name: Flow formula\n\n    by: Nordland\n",
            "setup.yaml:8: 'by' of proposal 'Flow formula' names no party: 'Nordland' (parties: Norland)",
            id="unknown-by",
        ),
        pytest.param(
            BASE + "parties:\n  - name: Norland\n  - name: Sudmark\n  - name: Norland\n",
            "setup.yaml:6: duplicate party name 'Norland' (first on line 4)",
            id="duplicate-party",
        ),
        pytest.param(
            BASE
            + "parties:\n  - name: Norland\n    actors: [{name: Ana Ferreira}]\n"
            + "  - name: River Commission\n    actors:\n      - name: Ana Ferreira\n",
            "setup.yaml:8: duplicate actor name 'Ana Ferreira' (first on line 5)",
            id="duplicate-actor",
        ),
        pytest.param(
            BASE + "issues:\n  - {name: Kell dam}\n  - {name: Kell dam}\n",
            "setup.yaml:5: duplicate issue name 'Kell dam' (first on line 4)",
            id="duplicate-issue",
        ),
        pytest.param(
            BASE + "parties:\n  - name: Norland\n    aliases: Norlandic\n",
            "setup.yaml:5: aliases of party 'Norland' must be a list, e.g. [Norlandic], not 'Norlandic'",
            id="aliases-not-a-list",
        ),
        pytest.param(
            BASE + "issues:\n  - name: Kell dam\n    aliases:\n      dam: reservoir\n",
            "setup.yaml:6: aliases of issue 'Kell dam' must be a list",
            id="aliases-a-mapping",
        ),
        pytest.param(
            BASE + "parties:\n  name: Norland\n",
            "setup.yaml:4: parties must be a list (one '- ' item a line), not a mapping",
            id="parties-not-a-list",
        ),
        pytest.param(
            BASE + "parties:\n  - Norland\n",
            "setup.yaml:4: party #1 must be a mapping of keys (name, kind, aliases, actors), not 'Norland'",
            id="party-not-a-mapping",
        ),
        pytest.param(
            BASE + "parties:\n  - name: Norland\n    kind: party\n    name: Sudmark\n",
            "setup.yaml:6: duplicate key 'name' in party 'Norland' (first on line 4)",
            id="duplicate-key",
        ),
        pytest.param("# nothing yet\n", "setup.yaml:1: the file is empty", id="empty-file"),
        pytest.param("- slug: arven-river\n", "setup.yaml:1: the setup must be a mapping", id="top-not-a-mapping"),
        pytest.param(
            BASE + "parties:\n  - name: " + "N" * 201 + "\n",
            "setup.yaml:4: the name of party '" + "N" * 201 + "' is longer than 200 characters",
            id="name-too-long",
        ),
    ],
)
@pytest.mark.django_db
def test_errors_name_the_file_and_the_line(tmp_path, text, expected):
    with pytest.raises(SetupError) as caught:
        load_negotiation_file(write(tmp_path, text))

    assert str(caught.value).startswith(f"{tmp_path}/{expected}")
    assert Negotiation.objects.count() == 0


@pytest.mark.django_db
def test_an_error_in_the_file_leaves_a_loaded_negotiation_as_it_was(tmp_path):
    load_negotiation_file(write(tmp_path, SETUP))
    before = snapshot()
    # Valid changes first, the mistake at the end: nothing of it may land.
    broken = SETUP.replace("title: Arven river water-sharing talks", "title: Changed").replace(
        "date: 2025-03-10", "date: 10/03/2025"
    )

    with pytest.raises(SetupError, match=r"setup\.yaml:24: bad date"):
        load_negotiation_file(write(tmp_path, broken))

    assert snapshot() == before


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    load_negotiation_file(write(tmp_path, SETUP))
    before = snapshot()

    # Aliases are written last, after the parties, actors, issues and proposals.
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Alias.objects, "bulk_create", fail)
    edited = SETUP.replace("title: Arven river water-sharing talks", "title: Changed").replace(
        "  - name: Sudmark\n", "  - name: Estmark\n  - name: Sudmark\n"
    )
    with pytest.raises(RuntimeError):
        load_negotiation_file(write(tmp_path, edited))

    assert snapshot() == before


@pytest.mark.django_db
def test_load_negotiation_data_names_the_source_it_is_given():
    with pytest.raises(SetupError, match=r"^pasted:2: title is empty$"):
        load_negotiation_data("slug: arven-river\ntitle: ''\n", filename="pasted")


@pytest.mark.django_db
def test_an_unreadable_file_is_a_setup_error(tmp_path):
    with pytest.raises(SetupError, match="missing.yaml: cannot read the file"):
        load_negotiation_file(tmp_path / "missing.yaml")


@pytest.mark.django_db
def test_numbers_and_words_yaml_would_convert_are_kept_as_written(tmp_path):
    load_negotiation_file(write(tmp_path, BASE + "issues:\n  - {name: 1948, aliases: [yes, 2.0]}\n"))

    issue = Issue.objects.get()
    assert issue.name == "1948"
    assert aliases_of(issue=issue) == ["2.0", "yes"]


@pytest.mark.django_db
def test_reloading_keeps_the_aliases_a_merge_gave_a_setup_proposal(tmp_path: Path):
    # Before: the file's aliases replaced all of the proposal's, the merge's words went, and the
    # next re-extraction created the merged proposal again under them.
    path = write(tmp_path, SETUP)
    load_negotiation_file(path)
    negotiation = Negotiation.objects.get()
    formula = negotiation.proposals.get(name="Commission flow formula")
    draft = Proposal.objects.create(negotiation=negotiation, name="Sudmarkian draft", origin=Proposal.Origin.ARTICLE)
    Alias.objects.create(negotiation=negotiation, text="Brava paper", proposal=draft)
    do_merge_proposals(draft, formula)

    result = load_negotiation_file(
        write(tmp_path, SETUP.replace("[flow formula]", "[flow formula, the formula]"), "more.yaml")
    )

    assert aliases_of(proposal=formula) == ["Brava paper", "Sudmarkian draft", "flow formula", "the formula"]
    assert (result.aliases_added, result.aliases_removed) == (1, 0)
    # Taking an alias out of the file still removes it; the merge's stay.
    load_negotiation_file(path)
    assert aliases_of(proposal=formula) == ["Brava paper", "Sudmarkian draft", "flow formula"]


@pytest.mark.django_db
def test_deeply_nested_yaml_is_an_error_with_file_and_line_not_a_recursion_error(tmp_path: Path):
    # Before: a RecursionError traceback from the YAML composer, naming neither file nor line.
    flow = write(tmp_path, "slug: deep\ntitle: Deep\nparties: " + "[" * 20000 + "]" * 20000 + "\n")
    block = write(tmp_path, "slug: deep\n" + "".join("  " * level + f"k{level}:\n" for level in range(60)), "b.yaml")

    with pytest.raises(SetupError, match=rf"^{flow}:3: YAML syntax error: nested deeper than 50 levels"):
        load_negotiation_file(flow)
    # Line 51 is "k49:", a key inside the 50th mapping: the 51st level.
    with pytest.raises(SetupError, match=rf"^{block}:51: YAML syntax error: nested deeper than 50 levels"):
        load_negotiation_file(block)
    assert not Negotiation.objects.exists()
