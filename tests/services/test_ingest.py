import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from negotiations.extraction import ExtractedStatement, FoundProposal
from negotiations.extraction.budget import ExtractionTimeout
from negotiations.models import Alias, Article, Placement, Proposal, Statement
from negotiations.services.ingest import ingest_articles, reextract_articles
from negotiations.services.placements import rebuild_placements
from negotiations.services.sources import ArticleInput, ItemError, read_path
from tests.helpers import make_article, make_negotiation

VARGA = 'LINDAU — "We need more water in August," Ilse Varga said on Tuesday.'
BRELL = "BRAVA — Foreign Minister Tomas Brell said the dam would be finished by spring."
FERREIRA = 'Ana Ferreira said: "The commission will publish the gauge data."'


class FakeExtractor:
    """Stands in for Extractor: what it finds in a text is what the test says."""

    def __init__(self, finds: Callable[[str], list[ExtractedStatement]] | None = None) -> None:
        self.finds = finds or (lambda text: [])
        self.batches: list[list[str]] = []

    def extract_many(
        self, items: Iterable[tuple[str, date | None]], batch_size: int = 16
    ) -> Iterator[list[ExtractedStatement]]:
        items = list(items)
        self.batches.append([text for text, _ in items])
        for text, _ in items:
            yield self.finds(text)


def found(
    article_text: str,
    quote: str,
    speaker: str = "Ilse Varga",
    actor: str | None = "Ilse Varga",
    party: str | None = "Norland",
    issues: Iterable[str] = (),
    kind: str = "direct",
) -> ExtractedStatement:
    """A statement whose span is the first occurrence of `quote` in `article_text`."""
    start = article_text.index(quote)
    return ExtractedStatement(
        start=start,
        end=start + len(quote),
        text=quote,
        kind=kind,
        cue="said",
        cue_start=article_text.find("said"),
        speaker_text=speaker,
        speaker=speaker,
        actor=actor,
        party=party,
        anonymous=False,
        said_on=None,
        issues=list(issues),
    )


def write_jsonl(path: Path, *records: object) -> str:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
        encoding="utf-8",
    )
    return str(path)


def record(title: str, text: str, url: str | None = None, published: str | None = "2025-04-02") -> dict:
    return {"title": title, "text": text, "url": url, "source": "The River Gazette", "published": published}


@pytest.mark.django_db
def test_new_articles_are_stored_with_their_statements(negotiation, tmp_path):
    extractor = FakeExtractor(
        lambda text: (
            [found(text, "We need more water in August", issues=["Dry-season flow", "Not an issue"])]
            if text == VARGA
            else []
        )
    )
    path = write_jsonl(tmp_path / "a.jsonl", record("Varga in Lindau", VARGA, "https://g.example/1"))

    report = ingest_articles(negotiation, read_path(path), extractor=extractor)

    assert (report.new, report.skipped, report.failed, report.statements) == (1, 0, 0, 1)
    article = Article.objects.get(negotiation=negotiation)
    assert (article.title, article.url, article.published) == (
        "Varga in Lindau",
        "https://g.example/1",
        date(2025, 4, 2),
    )
    assert article.extracted_at is not None
    statement = article.statements.get()
    assert statement.text == VARGA[statement.start : statement.end] == "We need more water in August"
    assert (statement.actor.name, statement.party.name, statement.origin) == ("Ilse Varga", "Norland", "extracted")
    assert [i.name for i in statement.issues.all()] == ["Dry-season flow"]


@pytest.mark.django_db
def test_same_file_twice_is_stored_once(negotiation, tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        record("Varga in Lindau", VARGA, "https://g.example/1"),
        record("Brell on the dam", BRELL),
    )
    first = ingest_articles(negotiation, read_path(path), extractor=FakeExtractor())
    second = ingest_articles(negotiation, read_path(path), extractor=FakeExtractor())

    assert (first.new, first.skipped) == (2, 0)
    assert (second.new, second.skipped) == (0, 2)
    assert Article.objects.filter(negotiation=negotiation).count() == 2


@pytest.mark.django_db
def test_same_article_twice_in_one_input_is_stored_once(negotiation, tmp_path):
    # Same URL with other text; same title and text with whitespace and title case changed;
    # and a copy in a later batch.
    path = write_jsonl(
        tmp_path / "a.jsonl",
        record("Varga in Lindau", VARGA, "https://g.example/1"),
        record("Varga in Lindau (updated)", VARGA + " More.", "https://g.example/1"),
        record("Brell on the dam", BRELL),
        record("BRELL  on the dam", BRELL.replace(" ", "  ")),
        record("Brell on the dam", BRELL),
    )
    report = ingest_articles(negotiation, read_path(path), extractor=FakeExtractor(), batch_size=4)

    assert (report.new, report.skipped, report.failed) == (2, 3, 0)
    assert Article.objects.filter(negotiation=negotiation).count() == 2


@pytest.mark.django_db
def test_the_same_article_in_another_negotiation_is_stored_there_too(negotiation, tmp_path):
    other = make_negotiation(slug="other", with_setup=False)
    path = write_jsonl(tmp_path / "a.jsonl", record("Varga in Lindau", VARGA, "https://g.example/1"))
    ingest_articles(negotiation, read_path(path), extractor=FakeExtractor())
    report = ingest_articles(other, read_path(path), extractor=FakeExtractor())
    assert report.new == 1


@pytest.mark.django_db
def test_a_bad_line_is_reported_with_its_line_and_the_rest_goes_in(negotiation, tmp_path):
    path = write_jsonl(
        tmp_path / "articles.jsonl",
        record("Varga in Lindau", VARGA),
        "{this is not json",
        {"title": "No text here"},
        record("Brell on the dam", BRELL),
    )
    heard: list[str] = []
    progress: list[int] = []

    report = ingest_articles(
        negotiation,
        read_path(path),
        extractor=FakeExtractor(),
        on_error=lambda e: heard.append(str(e)),
        progress=progress.append,
        batch_size=3,
    )

    assert (report.new, report.failed) == (2, 2)
    assert [str(e) for e in report.errors] == heard
    assert heard[0].startswith(f"{path}:2: not valid JSON")
    assert heard[1] == f'{path}:3: missing "text"'
    assert sum(progress) == 4
    assert set(Article.objects.values_list("title", flat=True)) == {"Varga in Lindau", "Brell on the dam"}


@pytest.mark.django_db
def test_extraction_runs_in_batches_over_new_articles_only(negotiation):
    make_article(negotiation, title="Stored before", text=FERREIRA)
    items = [ArticleInput(where=f"x:{n}", title=f"Article {n}", text=f"Text {n}.") for n in range(5)]
    items.insert(2, ArticleInput(where="x:9", title="Stored before", text=FERREIRA))
    extractor = FakeExtractor()

    ingest_articles(negotiation, items, extractor=extractor, batch_size=2)

    assert extractor.batches == [["Text 0.", "Text 1."], ["Text 2."], ["Text 3.", "Text 4."]]


@pytest.mark.django_db
def test_a_failing_article_leaves_nothing_behind_and_stored_ones_untouched(negotiation):
    stored = make_article(negotiation, title="Stored before", text=FERREIRA)
    before = Statement.objects.create(article=stored, start=0, end=3, text="Ana", kind="direct")

    def finds(text: str) -> list[ExtractedStatement]:
        statement = found(text, text[:10], speaker="X", actor=None, party=None)
        if text == BRELL:
            # End before start: the database refuses the second statement of this article.
            return [statement, replace(statement, start=9, end=2)]
        return [statement]

    items = [
        ArticleInput(where="in:1", title="Varga", text=VARGA),
        ArticleInput(where="in:2", title="Brell", text=BRELL),
        ArticleInput(where="in:3", title="Ferreira again", text=FERREIRA + " Again."),
    ]
    report = ingest_articles(negotiation, items, extractor=FakeExtractor(finds))

    assert (report.new, report.failed, report.statements) == (2, 1, 2)
    assert str(report.errors[0]).startswith("in:2: not stored")
    assert not Article.objects.filter(title="Brell").exists()
    assert not Statement.objects.filter(article__title="Brell").exists()
    assert list(stored.statements.all()) == [before]
    assert Article.objects.filter(negotiation=negotiation).count() == 3


@pytest.mark.django_db
def test_an_extractor_crash_costs_only_its_article(negotiation):
    def finds(text: str) -> list[ExtractedStatement]:
        if text == BRELL:
            raise RuntimeError("rule bug")
        return []

    items = [
        ArticleInput(where="in:1", title="Varga", text=VARGA),
        ArticleInput(where="in:2", title="Brell", text=BRELL),
        ArticleInput(where="in:3", title="Ferreira", text=FERREIRA),
    ]
    report = ingest_articles(negotiation, items, extractor=FakeExtractor(finds))

    assert (report.new, report.failed) == (2, 1)
    assert str(report.errors[0]).startswith("in:2: extraction failed: RuntimeError('rule bug')")
    assert not Article.objects.filter(title="Brell").exists()


@pytest.mark.django_db
def test_an_article_over_its_time_budget_is_stored_without_statements_and_reported(negotiation):
    def finds(text: str) -> list[ExtractedStatement]:
        if text == BRELL:
            raise ExtractionTimeout(30)
        return [found(text, text[:10], speaker="X", actor=None, party=None)]

    items = [
        ArticleInput(where="in:1", title="Varga", text=VARGA),
        ArticleInput(where="in:2", title="Brell speaks", text=BRELL),
        ArticleInput(where="in:3", title="Ferreira", text=FERREIRA),
    ]
    report = ingest_articles(negotiation, items, extractor=FakeExtractor(finds))

    assert (report.new, report.failed, report.statements) == (2, 1, 2)
    assert [str(e) for e in report.errors] == [
        'in:2: "Brell speaks" stored without statements: extraction took longer than its budget of 30 s'
    ]
    slow = Article.objects.get(title="Brell speaks")
    assert not slow.statements.exists()
    assert Statement.objects.filter(article__title="Ferreira").count() == 1


@pytest.mark.django_db
def test_a_reextraction_over_budget_keeps_what_was_stored(negotiation):
    article = make_article(negotiation, title="Brell speaks", text=BRELL)
    before = Statement.objects.create(article=article, start=0, end=3, text=BRELL[:3], kind="direct")

    def finds(text: str) -> list[ExtractedStatement]:
        raise ExtractionTimeout(30)

    report = reextract_articles(negotiation, extractor=FakeExtractor(finds))

    assert (report.articles, report.failed) == (0, 1)
    assert "extraction took longer than its budget of 30 s" in str(report.errors[0])
    assert list(article.statements.all()) == [before]


@pytest.mark.django_db
def test_read_errors_are_counted_as_failed(negotiation):
    report = ingest_articles(negotiation, [ItemError("a.jsonl:3", 'missing "text"')], extractor=FakeExtractor())
    assert (report.new, report.failed, [str(e) for e in report.errors]) == (0, 1, ['a.jsonl:3: missing "text"'])


@pytest.mark.django_db
def test_reextract_existing_reextracts_stored_articles_once(negotiation):
    stored = make_article(negotiation, title="Ferreira", text=FERREIRA)
    copy = ArticleInput(where="in:1", title="Ferreira", text=FERREIRA)
    quote = "The commission will publish the gauge data."
    extractor = FakeExtractor(lambda text: [found(text, quote)] if quote in text else [])

    report = ingest_articles(
        negotiation,
        [copy, ArticleInput(where="in:2", title="Brell", text=BRELL), copy],
        extractor=extractor,
        reextract_existing=True,
    )

    assert (report.new, report.skipped, report.statements) == (1, 2, 0)
    assert (report.reextracted.articles, report.reextracted.created) == (1, 1)
    assert extractor.batches == [[BRELL, FERREIRA]]
    stored.refresh_from_db()
    assert stored.extracted_at is not None
    assert stored.statements.get().text == quote


# Stances and proposals

SUDMARK_DRAFT = "BRAVA — Brell said the Sudmarkian draft kept the dam full. Varga said the draft was a reversal."


def drafted(text: str, quote: str, words: str = "Sudmarkian draft", **kwargs) -> ExtractedStatement:
    """A statement about a proposal the setup does not know, made by Sudmark."""
    values = {"said_on": date(2025, 3, 18), "stance": "supports", "found_proposal": FoundProposal(words, ("Sudmark",))}
    return replace(found(text, quote, speaker="Tomas Brell", actor="Tomas Brell", party="Sudmark"), **values | kwargs)


@pytest.mark.django_db
def test_a_proposal_an_article_names_is_stored_once_and_linked(negotiation):
    def finds(text: str) -> list[ExtractedStatement]:
        return [
            drafted(text, "the Sudmarkian draft kept the dam full"),
            # The same proposal again in the same article, in other case, said later.
            drafted(text, "the draft was a reversal", words="sudmarkian Draft", said_on=date(2025, 3, 25)),
        ]

    ingest_articles(negotiation, [ArticleInput("in:1", "Draft", SUDMARK_DRAFT)], extractor=FakeExtractor(finds))

    proposal = Proposal.objects.get(negotiation=negotiation, origin=Proposal.Origin.ARTICLE)
    assert (proposal.name, proposal.party.name, proposal.date) == ("Sudmarkian draft", "Sudmark", date(2025, 3, 18))
    assert [s.proposal for s in Statement.objects.order_by("start")] == [proposal, proposal]
    # The setup's proposal is untouched, and no other was made.
    assert Proposal.objects.filter(negotiation=negotiation).count() == 2


@pytest.mark.django_db
def test_a_later_article_naming_the_proposal_in_other_case_reuses_it(negotiation):
    ingest_articles(
        negotiation,
        [ArticleInput("in:1", "Draft", SUDMARK_DRAFT)],
        extractor=FakeExtractor(lambda text: [drafted(text, "the Sudmarkian draft kept the dam full")]),
    )
    later = "Officials said the SUDMARKIAN DRAFT was dead."

    ingest_articles(
        negotiation,
        [ArticleInput("in:2", "Later", later)],
        extractor=FakeExtractor(
            lambda text: [drafted(text, "the SUDMARKIAN DRAFT was dead", words="SUDMARKIAN DRAFT")]
        ),
    )

    proposal = Proposal.objects.get(negotiation=negotiation, origin=Proposal.Origin.ARTICLE)
    assert proposal.name == "Sudmarkian draft"
    assert Statement.objects.get(article__title="Later").proposal == proposal


@pytest.mark.django_db
def test_a_proposal_named_by_an_alias_is_the_known_one(negotiation):
    # A person merged "Sudmarkian draft" into the formula before: its words are an alias now.
    formula = Proposal.objects.get(negotiation=negotiation, name="Commission flow formula")
    Alias.objects.create(negotiation=negotiation, text="Sudmarkian draft", proposal=formula)

    ingest_articles(
        negotiation,
        [ArticleInput("in:1", "Draft", SUDMARK_DRAFT)],
        extractor=FakeExtractor(lambda text: [drafted(text, "the Sudmarkian draft kept the dam full")]),
    )

    assert not Proposal.objects.filter(origin=Proposal.Origin.ARTICLE).exists()
    assert Statement.objects.get().proposal == formula


@pytest.mark.django_db
def test_a_proposal_known_to_the_setup_is_linked_and_none_is_made(negotiation):
    formula = Proposal.objects.get(negotiation=negotiation, name="Commission flow formula")

    ingest_articles(
        negotiation,
        [ArticleInput("in:1", "Draft", SUDMARK_DRAFT)],
        extractor=FakeExtractor(
            lambda text: [
                drafted(text, "the draft was a reversal", proposal="Commission flow formula", stance="rejects")
            ]
        ),
    )

    assert Proposal.objects.filter(negotiation=negotiation).get() == formula
    assert Statement.objects.get().proposal == formula


@pytest.mark.django_db
def test_overlong_words_of_a_found_proposal_still_link_the_statement(negotiation):
    words = "draft " * 60  # longer than a proposal's name can be

    ingest_articles(
        negotiation,
        [ArticleInput("in:1", "Draft", SUDMARK_DRAFT)],
        extractor=FakeExtractor(lambda text: [drafted(text, "the draft was a reversal", words=words)]),
    )

    proposal = Proposal.objects.get(negotiation=negotiation, origin=Proposal.Origin.ARTICLE)
    assert proposal.name == words[:300]
    assert Statement.objects.get().proposal == proposal


@pytest.mark.django_db
def test_stance_target_proposal_and_reported_stance_are_stored(negotiation):
    quote = "the draft was a reversal"
    extracted = replace(
        found(SUDMARK_DRAFT, quote),
        stance="rejects",
        target="Commission flow formula",
        proposal="Commission flow formula",
        stance_confidence=0.7,
        reported_party="Sudmark",
        reported_stance="demands",
        reported_target="Kell dam",
    )

    ingest_articles(
        negotiation, [ArticleInput("in:1", "Draft", SUDMARK_DRAFT)], extractor=FakeExtractor(lambda _: [extracted])
    )

    statement = Statement.objects.get()
    assert (statement.stance, statement.target, statement.proposal.name, statement.stance_confidence) == (
        "rejects",
        "Commission flow formula",
        "Commission flow formula",
        0.7,
    )
    assert (statement.reported_party.name, statement.reported_stance, statement.reported_target) == (
        "Sudmark",
        "demands",
        "Kell dam",
    )


@pytest.mark.django_db
def test_a_batch_places_its_stored_articles_as_a_rebuild_does_and_nothing_of_a_failed_one(negotiation):
    stances = {VARGA: "demands", BRELL: "rejects", FERREIRA: "accepts", SUDMARK_DRAFT: "opposes"}

    def finds(text: str) -> list[ExtractedStatement]:
        statement = replace(found(text, text[:12]), stance=stances[text], target="Dry-season flow")
        if text == BRELL:
            return [statement, replace(statement, start=9, end=2)]  # refused by the database
        return [statement]

    items = [
        ArticleInput(where=f"in:{n}", title=f"Article {n}", text=text, published=date(2025, 4, n))
        for n, text in enumerate(stances, start=1)
    ]
    report = ingest_articles(negotiation, items, extractor=FakeExtractor(finds), batch_size=4)

    assert (report.new, report.failed) == (3, 1)
    stored = sorted(Placement.objects.filter(negotiation=negotiation).values_list("stance", "seq", "changes", "head"))
    assert stored == [("accepts", 1, 1, False), ("demands", 0, 0, False), ("opposes", 2, 2, True)]
    rebuild_placements(negotiation)
    assert stored == sorted(
        Placement.objects.filter(negotiation=negotiation).values_list("stance", "seq", "changes", "head")
    )


@pytest.mark.django_db
def test_a_reextraction_batch_places_as_a_rebuild_does(negotiation):
    stances = {VARGA: "demands", BRELL: "rejects", FERREIRA: "accepts"}

    def finds(text: str) -> list[ExtractedStatement]:
        return [replace(found(text, text[:12]), stance=stances[text], target="Dry-season flow")]

    items = [
        ArticleInput(where=f"in:{n}", title=f"Article {n}", text=text, published=date(2025, 4, n))
        for n, text in enumerate(stances, start=1)
    ]
    ingest_articles(negotiation, items, extractor=FakeExtractor(finds))
    stances[BRELL] = "supports"
    del stances[FERREIRA]  # the extractor now fails on it: its statements stay as they were

    report = reextract_articles(negotiation, extractor=FakeExtractor(finds), batch_size=3)

    assert (report.articles, report.failed) == (2, 1)
    placed = sorted(Placement.objects.filter(negotiation=negotiation).values_list("stance", "seq", "head"))
    assert placed == [("accepts", 2, True), ("demands", 0, False), ("supports", 1, False)]
    rebuild_placements(negotiation)
    assert placed == sorted(Placement.objects.filter(negotiation=negotiation).values_list("stance", "seq", "head"))
