"""The positions grid: each party's latest stance on each issue, mediators in their own band, as of
any day, answering htmx with only the grid."""

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from negotiations.models import Issue, Party, Stance, StatementAnnotation
from negotiations.services.annotation import do_annotate_statement
from tests.helpers import annotate, make_article, make_negotiation, make_statement, placed_again
from tests.views.helpers import build_talks, htmx, text_of

pytestmark = pytest.mark.django_db

Status = StatementAnnotation.Status
FLOW, DAM, DATA = "Dry-season flow", "Kell dam", "Data sharing"
SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
CELL = re.compile(r'<td class="cell ([^"]*)" data-party="([^"]*)" data-issue="([^"]*)">(.*?)</td>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def url(negotiation, query: str = "") -> str:
    return reverse("positions", args=[negotiation.slug]) + (f"?{query}" if query else "")


def cell_url(negotiation, party: str, issue: str) -> str:
    return reverse(
        "position_cell",
        args=[
            negotiation.slug,
            Party.objects.get(negotiation=negotiation, name=party).pk,
            Issue.objects.get(negotiation=negotiation, name=issue).pk,
        ],
    )


def cells(html: str) -> dict[tuple[str, str], SimpleNamespace]:
    """(party, issue) -> the cell's classes and its words, tags dropped and spaces squeezed."""
    return {
        (unescape(party), unescape(issue)): SimpleNamespace(
            classes=set(classes.split()), text=" ".join(unescape(TAG.sub(" ", inner)).split()), html=inner
        )
        for classes, party, issue, inner in CELL.findall(html)
    }


def band(html: str, name: str) -> str:
    start = html.index(f'<tbody class="band band-{name}">')
    return html[start : html.index("</tbody>", start)]


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            self.anchors.append(dict(attrs))


def cell_links(html: str) -> list[dict[str, str | None]]:
    """The attributes of every cell's link, unescaped."""
    parser = _Anchors()
    parser.feed(html)
    return [a for a in parser.anchors if "cell-link" in (a.get("class") or "").split()]


@pytest.fixture
def stances(negotiation):
    """Norland demands on the flow (1 March, Varga) and opposes from 10 March (Olsen); Sudmark
    rejects on the dam (20 March); the Commission supports data sharing (20 March).
    Sudmark has said nothing on the flow."""
    march = make_article(
        negotiation,
        title="Early March",
        text="Varga demanded more water. Olsen opposed the cut.",
        published=date(2025, 3, 12),
    )
    later = make_article(
        negotiation,
        title="Late March",
        text="Brell rejected the dam plan. Ferreira backed sharing gauge data.",
        published=date(2025, 3, 21),
    )
    demand = make_statement(
        march,
        "Varga demanded more water.",
        speaker="Ilse Varga",
        party="Norland",
        said_on=date(2025, 3, 1),
        stance=Stance.DEMANDS,
        target=FLOW,
    )
    turn = make_statement(
        march,
        "Olsen opposed the cut.",
        speaker="Piet Olsen",
        party="Norland",
        said_on=date(2025, 3, 10),
        stance=Stance.OPPOSES,
        target=FLOW,
    )
    dam = make_statement(
        later,
        "Brell rejected the dam plan.",
        speaker="Tomas Brell",
        party="Sudmark",
        said_on=date(2025, 3, 20),
        stance=Stance.REJECTS,
        target=DAM,
    )
    data = make_statement(
        later,
        "Ferreira backed sharing gauge data.",
        speaker="Ana Ferreira",
        party="River Commission",
        said_on=date(2025, 3, 20),
        stance=Stance.SUPPORTS,
        target=DATA,
    )
    return SimpleNamespace(demand=demand, turn=turn, dam=dam, data=data, march=march, later=later)


# --- the page ------------------------------------------------------------------------------------


def test_unknown_slug_is_404(client, db):
    assert client.get(reverse("positions", args=["nope"])).status_code == 404


def test_each_cell_shows_the_latest_stance_its_speaker_and_since_when(client, negotiation, stances):
    response = client.get(url(negotiation))

    assert response.status_code == 200
    grid = cells(text_of(response))
    assert len(grid) == 3 * 3  # every party on every issue, held or not
    flow = grid["Norland", FLOW]
    assert "stance-opposes" in flow.classes
    # The latest statement's speaker and words, and the day the run began (not 1 March).
    assert "Opposes since 10 Mar 2025 Piet Olsen: “Olsen opposed the cut.”" in flow.text
    assert "Ilse Varga" not in flow.text
    assert "2 statements, 1 change" in flow.text
    assert "stance-rejects" in grid["Sudmark", DAM].classes
    assert "Tomas Brell" in grid["Sudmark", DAM].text and "since 20 Mar 2025" in grid["Sudmark", DAM].text
    assert "stance-supports" in grid["River Commission", DATA].classes
    assert "As it stands now." in text_of(response)


def test_mediators_have_their_own_band_below_the_parties(client, negotiation, stances):
    page = text_of(client.get(url(negotiation)))

    parties, mediators = band(page, "parties"), band(page, "mediators")
    assert page.index("band-parties") < page.index("band-mediators")
    assert 'data-party="Norland"' in parties and 'data-party="Sudmark"' in parties
    assert 'data-party="River Commission"' not in parties
    assert 'data-party="River Commission"' in mediators and 'data-party="Norland"' not in mediators
    assert "Mediators and observers" in mediators


def test_an_empty_cell_links_to_its_page(client, negotiation, stances):
    page = text_of(client.get(url(negotiation)))

    empty = cells(page)["Sudmark", FLOW]
    assert "is-empty" in empty.classes and not any(c.startswith("stance-") for c in empty.classes)
    target = cell_url(negotiation, "Sudmark", FLOW)
    assert {"href": target, "hx-get": target}.items() <= next(
        a for a in cell_links(page) if a["aria-label"] == f"Sudmark on {FLOW}: no stated position"
    ).items()


def test_every_cell_link_works_without_javascript(client, negotiation, stances):
    page = text_of(client.get(url(negotiation, "as_of=2025-03-15")))

    links = cell_links(page)
    assert len(links) == 9
    for link in links:
        # htmx loads the history into the panel; a plain click gets the same history as a page.
        assert link["href"] == link["hx-get"] and link["hx-target"] == "#cell-history"
        assert link["href"].endswith("?as_of=2025-03-15")  # the cell as it stood that day too
    assert cell_url(negotiation, "Norland", FLOW) + "?as_of=2025-03-15" in {a["href"] for a in links}


def test_as_of_shows_the_grid_as_it_stood(client, negotiation, stances):
    page = text_of(client.get(url(negotiation, "as_of=2025-03-05")))

    grid = cells(page)
    # Before the change on 10 March: the earlier demand, by its own speaker, since its own day.
    assert "stance-demands" in grid["Norland", FLOW].classes
    assert "Demands since 1 Mar 2025 Ilse Varga" in grid["Norland", FLOW].text
    assert "Olsen" not in grid["Norland", FLOW].text
    # Nothing had been said on the dam or the data yet.
    assert "is-empty" in grid["Sudmark", DAM].classes and "is-empty" in grid["River Commission", DATA].classes
    assert '<time datetime="2025-03-05">5 March 2025</time>' in page
    assert 'value="2025-03-05"' in page  # the form keeps the day


def test_as_of_includes_the_day_itself(client, negotiation, stances):
    grid = cells(text_of(client.get(url(negotiation, "as_of=2025-03-10"))))

    assert "stance-opposes" in grid["Norland", FLOW].classes


@pytest.mark.parametrize("bad", ["yesterday", "2025-13-45", "2025-02-30"])
def test_a_bad_as_of_is_ignored(client, negotiation, stances, bad):
    response = client.get(url(negotiation, f"as_of={bad}"))

    assert response.status_code == 200
    page = text_of(response)
    assert "stance-opposes" in cells(page)["Norland", FLOW].classes
    assert "As it stands now." in page
    assert "?as_of=" not in "".join(a["href"] for a in cell_links(page))


def test_change_days_link_to_the_grid_on_that_day(client, negotiation, stances):
    page = text_of(client.get(url(negotiation)))

    days = page[page.index('<span class="change-days">') :]
    days = days[: days.index("</span>")]
    assert '<a href="?as_of=2025-03-10" hx-get="?as_of=2025-03-10" hx-target="#grid"' in days
    assert "10 Mar 2025" in days
    # Only days a position changed: not the first word on an issue.
    assert "2025-03-01" not in days and "2025-03-20" not in days


def test_change_days_stay_listed_on_an_earlier_day(client, negotiation, stances):
    # A permalink to an earlier day lists the same days as the grid of today, so that a reader
    # can step forward from it, as they can after choosing the day in place.
    page = text_of(client.get(url(negotiation, "as_of=2025-03-05")))

    assert 'href="?as_of=2025-03-10"' in page


def test_no_issues_says_so(client, db):
    negotiation = make_negotiation(slug="bare", with_setup=False)

    page = text_of(client.get(url(negotiation)))

    assert "This negotiation has no issues in its setup yet." in page and "<table" not in page


# --- what counts ---------------------------------------------------------------------------------


def test_a_rejected_statement_does_not_count(client, negotiation, stances):
    back = make_article(negotiation, title="April", text="Varga supported the cut.", published=date(2025, 4, 2))
    later = make_statement(back, "Varga supported the cut.", party="Norland", stance=Stance.SUPPORTS, target=FLOW)
    assert "stance-supports" in cells(text_of(client.get(url(negotiation))))["Norland", FLOW].classes

    annotate(later, Status.REJECTED)

    flow = cells(text_of(client.get(url(negotiation))))["Norland", FLOW]
    assert "stance-opposes" in flow.classes and "supported" not in flow.text
    assert "2 statements" in flow.text


def test_a_persons_stance_correction_shows_at_once(client, negotiation, stances, annotator):
    do_annotate_statement(stances.turn, user=annotator, changes={"stance": Stance.DEMANDS}, expected_version=0)

    flow = cells(text_of(client.get(url(negotiation))))["Norland", FLOW]

    # No change any more: one run of demands since the first of them.
    assert "stance-demands" in flow.classes
    assert "Demands since 1 Mar 2025 Piet Olsen" in flow.text
    assert "2 statements" in flow.text and "change" not in flow.text


def test_hostile_names_are_escaped(client, negotiation, stances):
    Party.objects.filter(negotiation=negotiation, name="Norland").update(name=f"Norland {SCRIPT}")
    Issue.objects.filter(negotiation=negotiation, name=FLOW).update(name=f"Flow {SCRIPT}")
    stances.turn.speaker = SCRIPT
    stances.turn.save()
    placed_again(negotiation)
    # The target names the issue by name: follow the rename, as the setup loader would.
    for statement in (stances.demand, stances.turn):
        statement.target = f"Flow {SCRIPT}"
        statement.save()
        placed_again(negotiation)

    page = text_of(client.get(url(negotiation)))

    assert SCRIPT not in page
    assert f"Norland {ESCAPED_SCRIPT}" in page and f"Flow {ESCAPED_SCRIPT}" in page
    assert "stance-opposes" in cells(page)[f"Norland {SCRIPT}", f"Flow {SCRIPT}"].classes
    assert f"{ESCAPED_SCRIPT}: “Olsen opposed the cut.”" in page


# --- htmx ----------------------------------------------------------------------------------------


def test_varies_on_hx_request(client, negotiation):
    assert "HX-Request" in client.get(url(negotiation))["Vary"]


def test_htmx_for_the_grid_answers_only_the_grid(client, negotiation, stances):
    response = client.get(url(negotiation, "as_of=2025-03-05"), headers=htmx("grid"))

    assert response.status_code == 200
    page = text_of(response).strip()
    assert page.startswith('<div id="grid"') and page.endswith("</div>")
    assert "<html" not in page and 'class="as-of"' not in page and 'id="cell-history"' not in page
    assert "stance-demands" in cells(page)["Norland", FLOW].classes
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, negotiation, stances):
    headers = htmx("grid", **{"HX-History-Restore-Request": "true"})

    page = text_of(client.get(url(negotiation), headers=headers))

    assert "<html" in page and 'class="as-of"' in page and 'id="grid"' in page and 'id="cell-history"' in page


def test_htmx_without_the_grid_target_gets_the_whole_page(client, negotiation, stances):
    assert "<html" in text_of(client.get(url(negotiation), headers=htmx()))


# --- queries -------------------------------------------------------------------------------------

# negotiation, issues, parties, each cell's stored last row (as of any day: one query), their
# statements (text and speaker only), the days of change; signed in: session and user, which only
# the whole page's header reads (no permission is asked).
POSITIONS_QUERIES = {"anonymous": 6, "annotator": 8}
PARTIAL_SAVES = {"anonymous": 0, "annotator": 2}


@pytest.mark.parametrize("who", ["anonymous", "annotator"])
@pytest.mark.parametrize(
    ("query", "headers", "extra"),
    [("", {}, 0), ("as_of=2025-03-04", {}, 0), ("as_of=2025-03-04", htmx("grid"), "partial")],
)
def test_queries_do_not_grow_with_statements(
    negotiation, annotator, django_assert_num_queries, who, query, headers, extra
):
    client = Client()
    if who == "annotator":
        client.force_login(annotator)
    expected = POSITIONS_QUERIES[who] - PARTIAL_SAVES[who] if extra == "partial" else POSITIONS_QUERIES[who] + extra

    build_talks(negotiation, 3, user=annotator)
    with django_assert_num_queries(expected):
        few = client.get(url(negotiation, query), headers=headers)
    build_talks(negotiation, 22, user=annotator)
    with django_assert_num_queries(expected):
        many = client.get(url(negotiation, query), headers=headers)

    # More cells hold a position the second time, so the per-cell work ran on more of them.
    held = [sum(1 for cell in cells(text_of(r)).values() if "is-empty" not in cell.classes) for r in (few, many)]
    assert 1 <= held[0] < held[1]


# --- unclear stances -----------------------------------------------------------------------------


def test_a_cell_resting_only_on_low_confidence_statements_says_unclear(client, negotiation, stances, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.6
    stances.dam.stance_confidence = 0.45
    stances.dam.save()
    placed_again(negotiation)

    grid = cells(text_of(client.get(url(negotiation))))

    dam = grid["Sudmark", DAM]
    assert {"is-unclear", "stance-unclear"} <= dam.classes and "stance-rejects" not in dam.classes
    assert dam.text.startswith("Unclear reads as Rejects since 20 Mar 2025 Tomas Brell")
    assert "stance-opposes" in grid["Norland", FLOW].classes  # read at 0.9: clear


def test_one_clear_statement_in_the_run_makes_the_cell_clear(client, negotiation, stances, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.6
    back = make_article(negotiation, title="April", text="Olsen opposed the cut again.", published=date(2025, 4, 2))
    make_statement(
        back, "Olsen opposed the cut again.", party="Norland", stance=Stance.OPPOSES, target=FLOW, stance_confidence=0.3
    )

    flow = cells(text_of(client.get(url(negotiation))))["Norland", FLOW]

    # The latest is unclear, but Olsen's 10 March opposition (0.9) backs the same stance.
    assert "is-unclear" not in flow.classes and "stance-opposes" in flow.classes
    assert "3 statements" in flow.text

    stances.turn.stance_confidence = 0.5
    stances.turn.save()
    placed_again(negotiation)
    assert "is-unclear" in cells(text_of(client.get(url(negotiation))))["Norland", FLOW].classes


def test_the_threshold_is_a_setting(client, negotiation, stances, settings):
    stances.dam.stance_confidence = 0.45
    stances.dam.save()
    placed_again(negotiation)

    settings.PARLEY_STANCE_THRESHOLD = 0.4
    assert "is-unclear" not in cells(text_of(client.get(url(negotiation))))["Sudmark", DAM].classes
    settings.PARLEY_STANCE_THRESHOLD = 0.5
    assert "is-unclear" in cells(text_of(client.get(url(negotiation))))["Sudmark", DAM].classes


def test_a_persons_stance_is_never_unclear(client, negotiation, stances, settings):
    settings.PARLEY_STANCE_THRESHOLD = 0.6
    stances.dam.stance_confidence = 0.1
    stances.dam.save()
    placed_again(negotiation)
    annotate(stances.dam, stance=Stance.REJECTS, target=DAM)

    dam = cells(text_of(client.get(url(negotiation))))["Sudmark", DAM]

    assert "is-unclear" not in dam.classes and "stance-rejects" in dam.classes
