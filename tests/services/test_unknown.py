"""services/unknown.py and the re-extraction task it starts: names found once per article,
only the affected articles re-extracted, and a failed re-extraction recorded as such."""

import pytest

from negotiations.models import ArticleNames, SetupChange
from negotiations.services import unknown
from negotiations.services.unknown import unknown_names
from negotiations.tasks import reextract_negotiation_task
from tests.helpers import make_article

pytestmark = pytest.mark.django_db


def test_names_are_found_once_per_article(negotiation, monkeypatch):
    make_article(negotiation, text="The World Bank met the Arven Basin Authority in Lindau.")

    first = unknown_names(negotiation).names

    assert ArticleNames.objects.count() == 1

    def no_spacy(*args):
        raise AssertionError("spaCy ran again")

    monkeypatch.setattr(unknown, "get_nlp", no_spacy)
    assert [name.name for name in unknown_names(negotiation).names] == [name.name for name in first]


def test_the_task_re_extracts_only_the_articles_given(negotiation):
    named = make_article(negotiation, title="one", text="Marta Kovic said the dam must go.")
    other = make_article(negotiation, title="two", text="Ilse Varga said the flow must rise.")
    change = SetupChange.objects.create(negotiation=negotiation, action="x", status="queued", article_ids=[named.pk])

    result = reextract_negotiation_task.call(negotiation.pk, article_ids=[named.pk], change_id=change.pk)

    named.refresh_from_db()
    other.refresh_from_db()
    assert named.extracted_at is not None and other.extracted_at is None
    assert result["articles"] == 1
    change.refresh_from_db()
    assert change.status == SetupChange.Status.DONE and change.finished_at is not None


def test_a_failed_re_extraction_is_recorded_on_the_change(negotiation, monkeypatch):
    article = make_article(negotiation)
    change = SetupChange.objects.create(negotiation=negotiation, action="x", status="queued", article_ids=[article.pk])

    def broken(*args, **kwargs):
        raise RuntimeError("the model is gone")

    monkeypatch.setattr("negotiations.tasks.reextract_articles", broken)
    with pytest.raises(RuntimeError):
        reextract_negotiation_task.call(negotiation.pk, article_ids=[article.pk], change_id=change.pk)

    change.refresh_from_db()
    assert change.status == SetupChange.Status.FAILED and change.finished_at is not None


def test_a_visit_reads_a_bounded_number_of_new_articles(negotiation):
    for number in range(3):
        make_article(negotiation, title=f"Article {number}", text=f"The World Bank met in Lindau, day {number}.")

    first = unknown_names(negotiation, read_at_most=2)
    second = unknown_names(negotiation, read_at_most=2)

    assert first.unread == 1 and second.unread == 0
    assert ArticleNames.objects.count() == 3
    bank = next(name for name in second.names if name.name == "World Bank")
    assert (bank.mentions, len(bank.articles)) == (3, 3)
