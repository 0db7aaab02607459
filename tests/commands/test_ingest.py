import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from negotiations.models import Article, Statement, StatementAnnotation
from negotiations.services import ingest
from tests.helpers import annotate, make_article, make_statement
from tests.services.test_ingest import FakeExtractor

SUMMARY = re.compile(r"^articles: (\d+) new, (\d+) skipped \(already stored\), (\d+) failed; statements: (\d+) found$")


def run(*args: str, stdin: io.BytesIO | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = {"stdin": stdin} if stdin else {}
    call_command("ingest", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def counts(stdout: str) -> tuple[int, ...]:
    match = SUMMARY.match(stdout.splitlines()[0])
    assert match, stdout
    return tuple(int(n) for n in match.groups())


@pytest.fixture
def fake(monkeypatch) -> FakeExtractor:
    """Keeps spaCy out of the tests that are about the command, not extraction."""
    extractor = FakeExtractor()
    monkeypatch.setattr(ingest, "build_extractor", lambda negotiation: extractor)
    return extractor


@pytest.mark.django_db
def test_end_to_end_with_the_real_model(negotiation, tmp_path: Path):
    text = '"We will not accept it," the minister said. Ilse Varga said the river was too low to share.'
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps({"title": "Norland says no", "text": text, "published": "2025-04-02"}) + "\n")

    stdout, stderr = run("--negotiation", negotiation.slug, str(path))

    new, skipped, failed, found = counts(stdout)
    assert (new, skipped, failed, stderr) == (1, 0, 0, "")
    article = Article.objects.get(negotiation=negotiation)
    assert article.statements.count() == found
    for statement in article.statements.all():
        assert text[statement.start : statement.end] == statement.text


@pytest.mark.django_db
def test_bad_lines_go_to_stderr_and_the_rest_goes_in(negotiation, tmp_path: Path, fake):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        json.dumps({"title": "One", "text": "Brell said no."})
        + "\nnot json\n\n"
        + json.dumps({"title": "Two", "text": "", "url": None})
        + "\n"
        + json.dumps({"title": "Three", "text": "Varga said yes."})
        + "\n",
        encoding="utf-8",
    )
    stdout, stderr = run("--negotiation", negotiation.slug, str(path))

    assert counts(stdout) == (2, 0, 2, 0)
    assert stderr.splitlines() == [f"{path}:2: not valid JSON (Expecting value at column 1)", f'{path}:4: empty "text"']


@pytest.mark.django_db
def test_running_twice_skips_what_is_stored(negotiation, tmp_path: Path, fake):
    path = tmp_path / "a.txt"
    path.write_text("Brell in Brava\nTomas Brell said no.\n", encoding="utf-8")
    run("--negotiation", negotiation.slug, str(path))
    stdout, _ = run("--negotiation", negotiation.slug, str(path))
    assert counts(stdout) == (0, 1, 0, 0)
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_standard_input(negotiation, fake):
    lines = b'{"title": "One", "text": "Brell said no."}\n{"title": "Two", "text": "Varga said yes."}\n'
    stdout, _ = run("--negotiation", negotiation.slug, "-", stdin=io.BytesIO(lines))
    assert counts(stdout) == (2, 0, 0, 0)


@pytest.mark.django_db
def test_reextract_alone_reextracts_every_article_and_keeps_annotations(negotiation, fake):
    article = make_article(negotiation)
    statement = make_statement(article, "We need more water in August.")
    annotate(statement, status=StatementAnnotation.Status.CONFIRMED)
    make_article(negotiation, title="Second", text="Brell said no.")

    stdout, _ = run("--negotiation", negotiation.slug, "--reextract")

    assert stdout.startswith("re-extracted: 2 articles, 0 failed; statements: 0 found")
    assert "1 no longer found but kept for their annotations" in stdout
    assert Statement.objects.get(pk=statement.pk).extractor_missing


@pytest.mark.django_db
def test_reextract_with_files_reextracts_the_stored_ones(negotiation, tmp_path: Path, fake):
    make_article(negotiation, title="Stored", text="Brell said no.")
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"title": "Stored", "text": "Brell said no."}) + "\n" + json.dumps({"title": "New", "text": "Hi."})
    )
    stdout, _ = run("--negotiation", negotiation.slug, str(path), "--reextract", "--batch-size", "1")

    assert counts(stdout) == (1, 1, 0, 0)
    assert stdout.splitlines()[1].startswith("re-extracted: 1 articles")


@pytest.mark.django_db
def test_unknown_slug_is_an_error_naming_it(negotiation, tmp_path: Path):
    with pytest.raises(CommandError, match="no negotiation with slug 'nowhere'"):
        run("--negotiation", "nowhere", str(tmp_path / "a.jsonl"))


@pytest.mark.django_db
def test_missing_file_is_an_error_naming_it_and_nothing_is_stored(negotiation, tmp_path: Path, fake):
    good = tmp_path / "good.txt"
    good.write_text("Title\nText.\n")
    with pytest.raises(CommandError, match=re.escape(f"{tmp_path}/typo.jsonl: no such file")):
        run("--negotiation", negotiation.slug, str(good), str(tmp_path / "typo.jsonl"))
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_nothing_readable_fails(negotiation, tmp_path: Path):
    path = tmp_path / "a.jsonl"
    path.write_text("nope\n[]\n")
    with pytest.raises(CommandError, match="no article could be read"):
        run("--negotiation", negotiation.slug, str(path))


@pytest.mark.django_db
def test_nothing_to_do_is_an_error(negotiation):
    with pytest.raises(CommandError, match="nothing to do"):
        run("--negotiation", negotiation.slug)


@pytest.mark.django_db
def test_control_characters_in_any_field_are_cleaned_and_the_ingest_goes_on(negotiation, tmp_path: Path, fake):
    # Before: a NUL in "url" stopped the whole ingest on PostgreSQL ("A string literal cannot
    # contain NUL"), with a traceback and none of the following articles stored.
    path = tmp_path / "articles.jsonl"
    dirty = {
        "title": "Brell\x00 in\x1b[31m Brava\nagain",
        "text": "Tomas Brell said no.\x00\x07 Varga\tsaid yes.\r\nThe end\x0c.",
        "url": "https://river.example/a\x00b\x7f",
        "source": "The\x00 Gazette\x85",
        "id": "gazette\x00-1",
    }
    path.write_text(
        json.dumps(dirty) + "\n" + json.dumps({"title": "Two", "text": "Varga said no."}) + "\n", encoding="utf-8"
    )

    stdout, stderr = run("--negotiation", negotiation.slug, str(path))

    assert counts(stdout) == (2, 0, 0, 0) and stderr == ""
    article = Article.objects.get(negotiation=negotiation, title__startswith="Brell")
    assert (article.title, article.url, article.source, article.external_id) == (
        "Brell in[31m Brava again",
        "https://river.example/ab",
        "The Gazette",
        "gazette-1",
    )
    # The text keeps its length, so offsets into the text as given still hold; lines and tabs stay.
    assert article.text == "Tomas Brell said no.\ufffd  Varga\tsaid yes.\r\nThe end ."
