"""Merging a proposal found in an article into another: annotators only, by POST, with a message
on the proposals page either way."""

from datetime import date

import pytest
from django.urls import reverse

from negotiations.models import Alias, Party, Proposal, Stance, Statement
from tests.helpers import make_article, make_negotiation, make_statement
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db

FORMULA, DRAFT = "Commission flow formula", "Sudmarkian draft"


def merge_url(negotiation, proposal) -> str:
    return reverse("proposal_merge", args=[negotiation.slug, proposal.pk])


def post(client, negotiation, proposal, into, follow: bool = False):
    """What the proposal's merge form posts: its field carries the form's prefix."""
    into = into.pk if isinstance(into, Proposal) else into
    return client.post(merge_url(negotiation, proposal), {f"p{proposal.pk}-into": into}, follow=follow)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def formula(negotiation) -> Proposal:
    return Proposal.objects.get(negotiation=negotiation, name=FORMULA)


@pytest.fixture
def draft(negotiation) -> Proposal:
    """Sudmark's draft, found in an article, with Brell's acceptance of it."""
    proposal = Proposal.objects.create(
        negotiation=negotiation,
        name=DRAFT,
        party=Party.objects.get(negotiation=negotiation, name="Sudmark"),
        date=date(2025, 3, 20),
        origin=Proposal.Origin.ARTICLE,
    )
    article = make_article(negotiation, text="Brell said Sudmark accepts the draft.", published=date(2025, 4, 2))
    make_statement(
        article,
        "Brell said Sudmark accepts the draft.",
        speaker="Tomas Brell",
        party="Sudmark",
        stance=Stance.ACCEPTS,
        target=DRAFT,
        proposal=proposal,
    )
    return proposal


# --- who may ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, negotiation, draft, formula):
    response = post(client, negotiation, draft, formula)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={merge_url(negotiation, draft)}"
    assert Proposal.objects.filter(pk=draft.pk).exists()


def test_a_reader_may_not(reader_client, negotiation, draft, formula):
    assert post(reader_client, negotiation, draft, formula).status_code == 403
    assert Proposal.objects.filter(pk=draft.pk).exists()


def test_get_is_not_allowed(annotator_client, negotiation, draft):
    assert annotator_client.get(merge_url(negotiation, draft)).status_code == 405
    assert Proposal.objects.filter(pk=draft.pk).exists()


def test_a_proposal_of_another_negotiation_is_404(annotator_client, negotiation, draft, formula):
    other = make_negotiation(slug="other-river")

    response = annotator_client.post(
        reverse("proposal_merge", args=[other.slug, draft.pk]), {f"p{draft.pk}-into": formula.pk}
    )

    assert response.status_code == 404
    assert Proposal.objects.filter(pk=draft.pk).exists()


# --- merging -------------------------------------------------------------------------------------


def test_merging_moves_the_statements_and_says_so(annotator_client, negotiation, draft, formula):
    statement = Statement.objects.get(proposal=draft)

    response = post(annotator_client, negotiation, draft, formula)

    assert response.status_code == 302
    assert response["Location"] == reverse("proposal_list", args=[negotiation.slug]) + f"#proposal-{formula.pk}"
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    statement.refresh_from_db()
    assert (statement.proposal, statement.target) == (formula, FORMULA)
    assert Alias.objects.filter(proposal=formula, text=DRAFT).exists()

    page = annotator_client.get(response["Location"])
    assert messages_of(page) == [f"Merged “{DRAFT}” into “{FORMULA}”."]
    text = text_of(page)
    assert f'<li class="message success">Merged “{DRAFT}” into “{FORMULA}”.</li>' in text
    # Sudmark's acceptance now answers the formula.
    assert f'data-party="Sudmark" data-proposal="{FORMULA}"' in text
    assert "Brell said Sudmark accepts the draft." in text and f'id="proposal-{draft.pk}"' not in text


def test_a_setup_proposal_cannot_be_merged_away(annotator_client, negotiation, draft, formula):
    response = post(annotator_client, negotiation, formula, draft, follow=True)

    assert response.redirect_chain == [
        (reverse("proposal_list", args=[negotiation.slug]) + f"#proposal-{formula.pk}", 302)
    ]
    assert messages_of(response) == [f"{FORMULA} comes from the setup file: remove it there instead."]
    assert '<li class="message error">' in text_of(response)
    assert set(Proposal.objects.filter(negotiation=negotiation)) == {formula, draft}
    assert Statement.objects.get(target=DRAFT).proposal == draft


@pytest.mark.parametrize("choice", ["", "abc", "999999", "itself", "foreign"])
def test_an_invalid_choice_changes_nothing(annotator_client, negotiation, draft, formula, choice):
    if choice == "itself":
        choice = draft.pk
    elif choice == "foreign":
        other = make_negotiation(slug="other-river")
        choice = Proposal.objects.get(negotiation=other, name=FORMULA).pk

    response = post(annotator_client, negotiation, draft, choice, follow=True)

    assert response.redirect_chain == [
        (reverse("proposal_list", args=[negotiation.slug]) + f"#proposal-{draft.pk}", 302)
    ]
    assert messages_of(response) == ["Choose the proposal to merge it into."]
    assert Proposal.objects.filter(pk=draft.pk).exists()
    assert Statement.objects.get(target=DRAFT).proposal == draft
    assert not Alias.objects.filter(text=DRAFT).exists()
