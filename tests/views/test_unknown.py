"""The unknown speakers and names page: speakers without a party and names no alias covers;
assigning a speaker to a party or adding an alias re-extracts the articles in the background
(run at once here), keeps hand annotations, and shows the statements that gained a party."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from negotiations.models import Alias, Article, Party, SetupChange, Statement, StatementAnnotation
from negotiations.services.ingest import ingest_articles
from negotiations.services.sources import ArticleInput
from negotiations.services.unknown import unknown_names
from negotiations.tasks import reextract_negotiation_task
from tests.helpers import annotate, make_article, make_statement
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db

KOVIC = (
    "Marta Kovic said on Tuesday that the dam must release more water in the dry season. "
    '"We will not wait for the Arven Basin Authority," Kovic said. '
    "Ilse Varga said Norland would share gauge data with the Lindau Institute."
)


def unknown_url(negotiation) -> str:
    return reverse("unknown", args=[negotiation.slug])


def ingest(negotiation, text: str = KOVIC, title: str = "Kovic warns") -> Article:
    """Store an article with the statements the real extractor finds in it."""
    ingest_articles(negotiation, [ArticleInput(where="test", title=title, text=text, published=date(2025, 4, 2))])
    return Article.objects.get(negotiation=negotiation, title=title)


def test_speakers_without_a_party_by_count_with_examples(editor_client, negotiation):
    article = make_article(
        negotiation,
        text="Kovic said one. Kovic said two. Kovic said three. Kovic said four. Dorn said five. Varga said six. "
        "Officials said seven. Rejected said eight. Fixed said nine.",
    )
    for words in ("one", "two", "three", "four"):
        make_statement(article, words, speaker="Marta Kovic")
    make_statement(article, "five", speaker="Ivo Dorn")
    make_statement(article, "six", speaker="Ilse Varga", party="Norland")
    make_statement(article, "seven", speaker="Officials", anonymous=True)
    annotate(make_statement(article, "eight", speaker="Rex"), status=StatementAnnotation.Status.REJECTED)
    annotate(make_statement(article, "nine", speaker="Fixed Person"), party="Sudmark")

    page = text_of(editor_client.get(unknown_url(negotiation)))

    speakers = page.split('id="speakers-heading"')[1].split('id="names-heading"')[0]
    assert speakers.index('data-speaker="Marta Kovic"') < speakers.index('data-speaker="Ivo Dorn"')
    assert "4 statements" in speakers and "1 statement<" in speakers
    kovic = speakers.split('data-speaker="Marta Kovic"')[1].split('data-speaker="Ivo Dorn"')[0]
    assert kovic.count("#s-") == 3
    for absent in ("Ilse Varga", "Officials", "Rex", "Fixed Person"):
        assert f'data-speaker="{absent}"' not in speakers


def test_names_no_alias_covers(editor_client, negotiation):
    make_article(
        negotiation,
        text="The Arven Basin Authority met in Lindau. Norlandic officials and the World Bank were there. "
        "The World Bank said little.",
    )

    names = [name.name for name in unknown_names(negotiation).names]

    assert "World Bank" in names and "Arven Basin Authority" in names
    assert names.index("World Bank") < names.index("Arven Basin Authority")
    assert not any("Norlandic" in name for name in names)
    page = text_of(editor_client.get(unknown_url(negotiation)))
    assert 'data-name="World Bank"' in page


def test_assigning_a_speaker_re_extracts_and_shows_the_statements_that_gained_a_party(
    editor_client, editor, negotiation, immediate_tasks, django_capture_on_commit_callbacks
):
    article = ingest(negotiation)
    kovic = list(Statement.objects.filter(article=article, speaker="Marta Kovic").order_by("start"))
    assert len(kovic) == 2 and all(statement.party is None for statement in kovic)
    annotate(kovic[0], note="Kovic is Sudmark's deputy minister")
    sudmark = Party.objects.get(negotiation=negotiation, name="Sudmark")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("unknown_speaker", args=[negotiation.slug]),
            {"speaker": "Marta Kovic", "party": sudmark.pk, "title": "Deputy Minister"},
        )

    change = SetupChange.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#change-{change.pk}")
    assert (change.user, change.action, change.status) == (editor, "Added actor 'Marta Kovic' to 'Sudmark'", "done")
    assert change.gained == [statement.pk for statement in kovic]
    for statement in kovic:
        statement.refresh_from_db()
        assert statement.party == sudmark and statement.actor.title == "Deputy Minister"
    assert kovic[0].annotation.note == "Kovic is Sudmark's deputy minister"
    page = text_of(editor_client.get(unknown_url(negotiation)))
    outcome = page.split(f'id="change-{change.pk}"')[1].split("</li>\n    \n  </ol>")[0]
    assert "2 statements gained a party." in outcome
    assert all(f'data-statement="{statement.pk}"' in outcome for statement in kovic)
    assert 'data-speaker="Marta Kovic"' not in page


def test_adding_a_name_as_an_alias(editor_client, negotiation, immediate_tasks, django_capture_on_commit_callbacks):
    ingest(negotiation)
    commission = Party.objects.get(negotiation=negotiation, name="River Commission")

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("unknown_name", args=[negotiation.slug]),
            {"name": "Arven Basin Authority", "target": f"party:{commission.pk}"},
        )

    assert Alias.objects.filter(party=commission, text="Arven Basin Authority").exists()
    change = SetupChange.objects.get()
    assert change.action == "Added 'Arven Basin Authority' to the aliases of party 'River Commission'"
    assert change.status == "done"
    assert "Arven Basin Authority" not in [name.name for name in unknown_names(negotiation).names]


def test_assigning_a_speaker_the_setup_has_gives_load_negotiations_message(editor_client, negotiation):
    sudmark = Party.objects.get(negotiation=negotiation, name="Sudmark")

    response = editor_client.post(
        reverse("unknown_speaker", args=[negotiation.slug]),
        {"speaker": "Ilse Varga", "party": sudmark.pk},
        follow=True,
    )

    assert "Ilse Varga: duplicate actor name &#x27;Ilse Varga&#x27; (first on line" in text_of(response)
    assert not SetupChange.objects.exists()


# Signed in as an editor (session, user, two permission queries); the negotiation, parties and
# issues; the speakers' counts and examples; articles without names, the setup's words (aliases
# and four kinds of names), the stored names; the changes, the statements that gained a party,
# no more: the parties are the page's.
UNKNOWN_QUERIES = 18


def test_queries_do_not_grow_with_statements_names_or_changes(
    editor, negotiation, django_assert_num_queries, immediate_tasks, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(editor)
    ingest(negotiation)
    sudmark = Party.objects.get(negotiation=negotiation, name="Sudmark")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("unknown_speaker", args=[negotiation.slug]), {"speaker": "Marta Kovic", "party": sudmark.pk}
        )
    make_statement(make_article(negotiation, title="Dorn", text="Ivo Dorn said it."), "it", speaker="Ivo Dorn")
    unknown_names(negotiation)
    with django_assert_num_queries(UNKNOWN_QUERIES):
        client.get(unknown_url(negotiation))

    for number in range(3):
        article = make_article(
            negotiation,
            title=f"More {number}",
            text=f"Ivo Dorn{number} said it in Lindau {number}. Dorn{number} said more.",
        )
        make_statement(article, "it in Lindau", speaker=f"Ivo Dorn{number}")
        make_statement(article, "more", speaker=f"Ivo Dorn{number}")
        SetupChange.objects.create(negotiation=negotiation, action="another", status="done", gained=[])
    unknown_names(negotiation)
    with django_assert_num_queries(UNKNOWN_QUERIES):
        client.get(unknown_url(negotiation))


def test_a_queued_re_extraction_is_polled_until_the_worker_is_done(
    editor_client, negotiation, django_capture_on_commit_callbacks
):
    article = ingest(negotiation)
    sudmark = Party.objects.get(negotiation=negotiation, name="Sudmark")
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("unknown_speaker", args=[negotiation.slug]), {"speaker": "Marta Kovic", "party": sudmark.pk}
        )
    change = SetupChange.objects.get()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "negotiations.tasks.reextract_negotiation_task"
    assert queued.args_kwargs == {
        "args": [negotiation.pk],
        "kwargs": {"article_ids": [article.pk], "change_id": change.pk},
    }
    htmx = {"HX-Request": "true", "HX-Target": "outcomes"}

    waiting = editor_client.get(unknown_url(negotiation), headers=htmx)

    assert "HX-Request" in waiting["Vary"]
    part = text_of(waiting)
    assert part.startswith('\n<section id="outcomes"') and "<html" not in part
    assert "re-extracting 1 article in the background" in part
    assert 'hx-trigger="every 2s"' in part and f'href="{unknown_url(negotiation)}#change-{change.pk}"' in part

    # What `manage.py db_worker` does with the queued task.
    reextract_negotiation_task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])

    done = text_of(editor_client.get(unknown_url(negotiation), headers=htmx))
    assert "2 statements gained a party." in done
    assert "hx-trigger" not in done
