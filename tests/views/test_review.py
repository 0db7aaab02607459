"""The stance review queue: what it lists and in which order, setting stance, target and proposal
from it (annotators only), confirming, the offer to correct the statements read the same way,
and its query count."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import AnnotationRevision, Issue, Proposal, Stance, Statement, StatementAnnotation
from negotiations.services.annotation import do_annotate_statement
from negotiations.services.positions import position_grid
from negotiations.services.review import checked_by_person
from tests.helpers import annotate, make_article, make_statement, placed_again
from tests.views.helpers import build_talks, htmx, text_of

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status
FLOW, DAM, DATA, FORMULA = "Dry-season flow", "Kell dam", "Data sharing", "Commission flow formula"
ITEM = re.compile(r'<article class="statement review-item[^"]*" id="review-(\d+)"')


def url(negotiation, query: str = "") -> str:
    return reverse("review", args=[negotiation.slug]) + (f"?{query}" if query else "")


def set_url(statement) -> str:
    return reverse("review_set", args=[statement.article.negotiation.slug, statement.pk])


def issue_id(name: str) -> int:
    return Issue.objects.get(name=name).pk


def listed(response) -> list[int]:
    return [int(pk) for pk in ITEM.findall(text_of(response))]


def say(negotiation, text: str, *, published=date(2025, 4, 2), **values) -> Statement:
    """One statement in an article of its own."""
    return make_statement(make_article(negotiation, title=text, text=text, published=published), text, **values)


@pytest.fixture
def talks(negotiation):
    """Statements of every kind the queue tells apart, named by what makes them so."""
    s = {}
    s["earlier"] = say(
        negotiation,
        "Brell demanded a dam study.",
        published=date(2025, 3, 1),
        party="Sudmark",
        stance="demands",
        target=DAM,
    )  # superseded on the dam by "decides_dam", and read clearly: not in the queue
    s["decides_dam"] = say(negotiation, "Brell rejected the dam plan.", party="Sudmark", stance="rejects", target=DAM)
    s["decides_two"] = say(
        negotiation, "Varga demanded water and data.", party="Norland", stance="demands", issues=(FLOW, DATA)
    )  # untargeted, about two issues: two cells
    s["unclear_answer"] = say(
        negotiation,
        "Varga accepted the flow formula.",
        party="Norland",
        stance="accepts",
        target=FORMULA,
        proposal=FORMULA,
        stance_confidence=0.4,
    )
    s["unclear_old"] = say(negotiation, "Ferreira spoke on 1 March.", published=date(2025, 3, 1), stance_confidence=0.3)
    s["unclear_new"] = say(negotiation, "Ferreira spoke on 3 April.", published=date(2025, 4, 3), stance_confidence=0.3)
    s["clear_neutral"] = say(negotiation, "Ferreira spoke at length.", party="River Commission")
    s["person_stance"] = say(negotiation, "Olsen said it.", party="Norland", stance="opposes", target=DAM)
    annotate(s["person_stance"], stance=Stance.OPPOSES)
    s["confirmed"] = say(negotiation, "Someone spoke.", stance_confidence=0.2)
    annotate(s["confirmed"], Status.CONFIRMED)
    s["rejected"] = say(negotiation, "Nobody spoke.", stance_confidence=0.1)
    annotate(s["rejected"], Status.REJECTED)
    return s


# --- what it lists -------------------------------------------------------------------------------


def test_the_queue_lists_deciders_then_unclear_most_consequential_first(client, negotiation, talks):
    response = client.get(url(negotiation))

    assert response.status_code == 200
    # Two cells, then one answer read unsurely (0.4) before one cell read clearly (0.9), then the
    # unclear ones deciding nothing, the newest first.
    # person_stance is Norland's latest word on the dam, but a person set it: nothing to check.
    names = ["decides_two", "unclear_answer", "decides_dam", "unclear_new", "unclear_old"]
    assert listed(response) == [talks[name].pk for name in names]
    page = text_of(response)
    assert "5 statements to review" in page
    dam_cell = reverse("position_cell", args=[negotiation.slug, talks["decides_dam"].party_id, issue_id(DAM)])
    assert f'<a href="{dam_cell}">Sudmark on Kell dam</a>' in page
    assert "Norland’s answer to Commission flow formula" in page


def test_the_threshold_is_the_setting(client, negotiation, talks, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.25

    names = ["decides_two", "unclear_answer", "decides_dam"]
    assert listed(client.get(url(negotiation))) == [talks[name].pk for name in names]


def test_readers_see_the_queue_without_forms(client, reader_client, negotiation, talks):
    for reader in (client, reader_client):
        page = text_of(reader.get(url(negotiation)))
        assert "data-review-form" not in page and "Keys" not in page
        assert len(ITEM.findall(page)) == 5


def test_annotators_get_a_form_per_statement_with_a_key_on_every_choice(annotator_client, negotiation, talks):
    page = text_of(annotator_client.get(url(negotiation)))

    assert page.count("data-review-form") == 5
    pk = talks["decides_dam"].pk
    assert '<option value="rejects" selected data-key="5">Rejects [5]</option>' in page
    assert f'name="r{pk}-target"' in page and f'<option value="{DAM}" selected data-key="b">' in page
    proposal = Proposal.objects.get(name=FORMULA)
    assert f'<option value="{proposal.pk}" data-key="A">{FORMULA} [A]</option>' in page
    assert '<option value="" data-key="-">— [-]</option>' in page
    assert "<kbd>j</kbd>" in page


def test_the_queue_pages_by_25(client, negotiation, annotator):
    build_talks(negotiation, 70, user=annotator)
    Statement.objects.update(stance_confidence=0.1)
    placed_again(negotiation)

    first, second = client.get(url(negotiation)), client.get(url(negotiation, "page=2"))

    assert len(listed(first)) == 25 and 1 <= len(listed(second)) < 25
    assert not set(listed(first)) & set(listed(second))
    assert 'href="?page=2" rel="next"' in text_of(first)


# --- setting values from the queue ----------------------------------------------------------------


def post_data(statement, **changes) -> dict:
    values = statement.effective
    data = {
        "stance": values.stance,
        "target": values.target,
        "proposal": values.proposal.pk if values.proposal else "",
        "version": statement.annotation_or_none.version if statement.annotation_or_none else 0,
        **changes,
    }
    return {f"r{statement.pk}-{name}": value for name, value in data.items()}


def test_anonymous_and_readers_cannot_set(client, reader_client, negotiation, talks):
    statement = talks["decides_dam"]

    response = client.post(set_url(statement), post_data(statement, stance="accepts"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert reader_client.post(set_url(statement), post_data(statement, stance="accepts")).status_code == 403
    assert client.get(set_url(statement)).status_code == 405
    assert not AnnotationRevision.objects.exists()


def test_a_stance_set_in_the_queue_is_logged_and_the_grid_follows(annotator_client, negotiation, talks):
    statement = talks["decides_dam"]

    response = annotator_client.post(set_url(statement), post_data(statement, stance="accepts"), headers=htmx())

    assert response.status_code == 200
    page = text_of(response).strip()
    assert page.startswith(f'<article class="statement review-item party-1" id="review-{statement.pk}"')
    assert "<html" not in page and 'role="status">Saved.</span>' in page
    assert 'Sudmark on Kell dam</a>: <span class="stance stance-accepts">Accepts</span>' in page
    assert "HX-Request" in response["Vary"]
    revision = AnnotationRevision.objects.get(statement=statement)
    assert (revision.field, revision.old_value, revision.new_value) == ("stance", "rejects", "accepts")
    assert position_grid(negotiation).position(statement.party_id, issue_id(DAM)).stance == "accepts"
    # Checked by a person now: gone from the queue.
    assert statement.pk not in listed(annotator_client.get(url(negotiation)))


def test_the_value_it_already_has_changes_nothing(annotator_client, negotiation, talks):
    statement = talks["decides_dam"]

    response = annotator_client.post(set_url(statement), post_data(statement, stance="rejects"), headers=htmx())

    assert "Nothing changed: c confirms it as read." in text_of(response)
    assert not AnnotationRevision.objects.exists()
    assert statement.pk in listed(annotator_client.get(url(negotiation)))


def test_target_and_proposal_are_set_too(annotator_client, negotiation, talks):
    statement = talks["unclear_old"]
    proposal = Proposal.objects.get(name=FORMULA)

    data = post_data(statement, stance="supports", target=FORMULA, proposal=proposal.pk)
    annotator_client.post(set_url(statement), data, headers=htmx())

    values = Statement.objects.for_display().get(pk=statement.pk).effective
    assert (values.stance, values.target, values.proposal) == ("supports", FORMULA, proposal)


def test_without_javascript_saving_goes_back_to_the_queue(annotator_client, negotiation, talks):
    statement = talks["decides_dam"]
    back = url(negotiation, "page=1") + f"#review-{statement.pk}"
    assert f'name="next" value="{back}"' in text_of(annotator_client.get(url(negotiation, "page=1")))

    response = annotator_client.post(set_url(statement), {**post_data(statement, stance="opposes"), "next": back})

    assert response.status_code == 302
    assert response.url == back
    assert "Saved." in text_of(annotator_client.get(response.url))


def test_a_stale_version_is_a_conflict_and_saves_nothing(annotator_client, other_annotator, negotiation, talks):
    statement = talks["decides_dam"]
    data = post_data(statement, stance="accepts")
    do_annotate_statement(statement, user=other_annotator, changes={"note": "checked"}, expected_version=0)

    response = annotator_client.post(set_url(statement), data, headers=htmx())

    assert response.status_code == 409
    assert "otto changed this statement" in text_of(response)
    assert f'name="r{statement.pk}-version" value="1"' in text_of(response)
    assert Statement.objects.get(pk=statement.pk).effective.stance == "rejects"


def test_an_unknown_choice_is_refused(annotator_client, negotiation, talks):
    statement = talks["decides_dam"]

    response = annotator_client.post(set_url(statement), post_data(statement, target="The moon"), headers=htmx())

    assert response.status_code == 422
    assert "Select a valid choice" in text_of(response)
    assert not AnnotationRevision.objects.exists()


def test_the_stored_checked_flag_is_checked_by_person(negotiation):
    # The queue reads `checked` (services/shown.py) where it used to ask checked_by_person.
    cases = {
        "untouched": {},
        "speaker only": {"speaker": "Ilse Varga, minister"},
        "confirmed": {"status": Status.CONFIRMED},
        "rejected": {"status": Status.REJECTED},
        "stance set": {"stance": Stance.ACCEPTS},
        "reported stance set": {"reported_stance": Stance.REJECTS},
        "reported stance deleted": {"reported_stance": ""},
    }
    made = {}
    for name, values in cases.items():
        statement = say(negotiation, f"Norland said {name}.", party="Norland", stance="rejects", target=DAM)
        if values:
            annotate(statement, **values)
        made[name] = statement

    checked = {name: Statement.objects.get(pk=s.pk).checked for name, s in made.items()}
    by_person = {name: checked_by_person(Statement.objects.get(pk=s.pk)) for name, s in made.items()}
    assert checked == by_person
    assert [name for name, flag in checked.items() if not flag] == ["untouched", "speaker only"]


def test_confirming_takes_a_statement_out_of_the_queue(annotator_client, negotiation, talks):
    statement = talks["unclear_new"]
    confirm = reverse("review_confirm", args=[negotiation.slug, statement.pk])

    response = annotator_client.post(confirm, {"version": 0}, headers=htmx())

    assert response.status_code == 200 and "Confirmed: out of the queue." in text_of(response)
    assert StatementAnnotation.objects.get(statement=statement).status == Status.CONFIRMED
    assert statement.pk not in listed(annotator_client.get(url(negotiation)))


# --- the same correction for the statements read the same way -------------------------------------


@pytest.fixture
def readings(negotiation):
    """Four "rejected" statements read as rejects by the rule "object"; one by another rule, one
    with another cue, one a person already set, one read otherwise."""
    made = {}
    for name, rule, cue, stance in [
        ("first", "object", "rejected", "rejects"),
        ("second", "object", "Rejected", "rejects"),
        ("third", "object", "rejected", "rejects"),
        ("person", "object", "rejected", "rejects"),
        ("other_rule", "clause", "rejected", "rejects"),
        ("other_cue", "object", "dismissed", "rejects"),
        ("other_stance", "object", "rejected", "opposes"),
    ]:
        made[name] = say(
            negotiation,
            f"Brell rejected it ({name}).",
            party="Sudmark",
            rule=rule,
            cue=cue,
            stance=stance,
            target=DAM,
        )
    annotate(made["person"], stance=Stance.REJECTS)
    return made


def test_correcting_a_stance_offers_the_statements_read_the_same_way(annotator_client, negotiation, readings):
    statement = readings["first"]

    response = annotator_client.post(set_url(statement), post_data(statement, stance="supports"), headers=htmx())

    page = text_of(response)
    assert "2 other statements were read the same way" in page
    offered = [int(pk) for pk in re.findall(r'name="item" value="(\d+):0"', page)]
    assert offered == [readings["second"].pk, readings["third"].pk]
    assert "Make all of them Supports" in page


def test_no_offer_without_a_stance_correction(annotator_client, negotiation, readings):
    statement = readings["first"]

    response = annotator_client.post(set_url(statement), post_data(statement, target=FLOW), headers=htmx())

    assert "read the same way" not in text_of(response)


def test_the_offer_gives_each_its_own_revision_and_skips_what_changed_meanwhile(
    annotator_client, other_annotator, negotiation, readings
):
    statement = readings["first"]
    annotator_client.post(set_url(statement), post_data(statement, stance="supports"), headers=htmx())
    # Otto corrects the third one between the offer and the click.
    do_annotate_statement(readings["third"], user=other_annotator, changes={"note": "hm"}, expected_version=0)
    items = [f"{readings['second'].pk}:0", f"{readings['third'].pk}:0"]

    response = annotator_client.post(
        reverse("review_same", args=[negotiation.slug, statement.pk]), {"item": items}, headers=htmx()
    )

    assert response.status_code == 200
    assert "“Supports” given to 1 statement read the same way. 1 left as they were" in text_of(response)
    changed = AnnotationRevision.objects.filter(field="stance", user__username="annie").order_by("id")
    assert [(r.statement_id, r.old_value, r.new_value) for r in changed] == [
        (statement.pk, "rejects", "supports"),
        (readings["second"].pk, "rejects", "supports"),
    ]
    assert Statement.objects.get(pk=readings["third"].pk).effective.stance == "rejects"
    assert Statement.objects.get(pk=readings["other_rule"].pk).effective.stance == "rejects"


def test_the_offer_changes_only_statements_read_the_same_way(annotator_client, negotiation, readings):
    statement = readings["first"]
    annotator_client.post(set_url(statement), post_data(statement, stance="supports"), headers=htmx())
    # Ids the offer never listed, posted by hand, are left alone.
    items = [f"{readings[name].pk}:0" for name in ("other_rule", "other_cue", "person")]

    annotator_client.post(reverse("review_same", args=[negotiation.slug, statement.pk]), {"item": items})

    assert AnnotationRevision.objects.filter(field="stance").count() == 1


def test_the_statement_page_makes_the_same_offer_after_a_correction(annotator_client, annotator, negotiation, readings):
    statement = readings["first"]
    page_url = reverse("statement_detail", args=[negotiation.slug, statement.pk])
    assert "read the same way" not in text_of(annotator_client.get(page_url))
    do_annotate_statement(statement, user=annotator, changes={"stance": Stance.OPPOSES}, expected_version=0)

    page = text_of(annotator_client.get(page_url))

    assert "2 other statements were read the same way" in page
    assert f'<input type="hidden" name="next" value="{page_url}">' in page
    items = re.findall(r'name="item" value="(\d+:\d+)"', page)
    response = annotator_client.post(
        reverse("review_same", args=[negotiation.slug, statement.pk]), {"item": items, "next": page_url}
    )
    assert response.status_code == 302 and response.url == page_url
    assert "“Opposes” given to 2 statements read the same way." in text_of(annotator_client.get(page_url))
    assert Statement.objects.get(pk=readings["second"].pk).effective.stance == Stance.OPPOSES


def test_a_long_offer_lists_the_first_and_then_the_next(
    annotator_client, annotator, negotiation, readings, monkeypatch
):
    monkeypatch.setattr("negotiations.services.review.SAME_READING_SHOWN", 1)
    statement = readings["first"]
    page_url = reverse("statement_detail", args=[negotiation.slug, statement.pk])
    do_annotate_statement(statement, user=annotator, changes={"stance": Stance.OPPOSES}, expected_version=0)

    page = text_of(annotator_client.get(page_url))

    assert "2 other statements were read the same way" in page
    assert "Here are the first 1, oldest first" in page
    items = re.findall(r'name="item" value="(\d+:\d+)"', page)
    assert items == [f"{readings['second'].pk}:0"]
    annotator_client.post(reverse("review_same", args=[negotiation.slug, statement.pk]), {"item": items})
    page = text_of(annotator_client.get(page_url))
    assert "1 other statement was read the same way" in page and "Here are the first" not in page
    assert re.findall(r'name="item" value="(\d+:\d+)"', page) == [f"{readings['third'].pk}:0"]


def test_a_broken_offer_is_a_bad_request(annotator_client, negotiation, readings):
    same = reverse("review_same", args=[negotiation.slug, readings["first"].pk])

    assert annotator_client.post(same, {"item": ["x:1"]}).status_code == 400
    assert annotator_client.post(same, {}).status_code == 400


# --- queries -------------------------------------------------------------------------------------

# negotiation; issues, parties, proposals; the stored rows that decide cells and answers; the
# sort keys of the statements they name, and the page's of those with the issues readers see;
# the unclear rest counted, and when the page reaches into it, its page of statements and their
# issues; signed in: session and user, and the permission check (user's and groups' permissions).
REVIEW_QUERIES = {"anonymous": 11, "annotator": 15}
# Saving (do_annotate_statement's reads, locks and writes, the stored values' refresh after each
# of the annotation's two saves, three queries each with the issues shown, and bringing the
# stored placements of the statement up to date) and the item as it is now: the statement, the
# choices, what it decides and the offer (one query: its first statements and their count).
ITEM_QUERIES = 49


def unsure(every: int) -> None:
    """Every `every`th statement read with low confidence."""
    ids = list(Statement.objects.order_by("id").values_list("pk", flat=True))
    Statement.objects.filter(pk__in=ids[::every]).update(stance_confidence=0.2)


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
def test_queries_do_not_grow_with_statements(negotiation, annotator, django_assert_max_num_queries, who):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)

    build_talks(negotiation, 6, user=annotator)
    unsure(every=2)
    with django_assert_max_num_queries(REVIEW_QUERIES[who]):
        few = client.get(url(negotiation))
    build_talks(negotiation, 30, user=annotator)
    unsure(every=2)
    with django_assert_max_num_queries(REVIEW_QUERIES[who]):
        many = client.get(url(negotiation))

    assert 1 <= len(listed(few)) < len(listed(many))


def test_the_item_answer_takes_constant_queries(annotator_client, negotiation, annotator, django_assert_num_queries):
    """What an item decides is recomputed over the whole negotiation: still a fixed cost."""
    build_talks(negotiation, 5, user=annotator)
    first = say(negotiation, "Brell rejected the dam plan.", party="Sudmark", stance="rejects", target=DAM)
    with django_assert_num_queries(ITEM_QUERIES):
        annotator_client.post(set_url(first), post_data(first, stance="accepts"), headers=htmx())
    build_talks(negotiation, 30, user=annotator)
    second = say(negotiation, "Brell rejected the new plan.", party="Sudmark", stance="rejects", target=DAM)
    with django_assert_num_queries(ITEM_QUERIES):
        response = annotator_client.post(set_url(second), post_data(second, stance="accepts"), headers=htmx())

    assert "Saved." in text_of(response)


def test_with_login_required_anonymous_is_sent_to_sign_in(client, negotiation, talks, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.contrib.auth.middleware.LoginRequiredMiddleware"]

    response = client.get(url(negotiation))

    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=")
