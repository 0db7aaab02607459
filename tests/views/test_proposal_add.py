"""Adding a proposal by hand: annotators only, by POST, from the form on the proposals page."""

from datetime import date

import pytest
from django.urls import reverse

from negotiations.models import Party, Proposal
from tests.views.helpers import text_of

pytestmark = pytest.mark.django_db


def add_url(negotiation) -> str:
    return reverse("proposal_add", args=[negotiation.slug])


def post(client, negotiation, follow: bool = False, **fields):
    """What the add form posts: its fields carry the prefix "new"."""
    return client.post(add_url(negotiation), {f"new-{key}": value for key, value in fields.items()}, follow=follow)


def test_anonymous_is_sent_to_sign_in(client, negotiation):
    response = post(client, negotiation, name="A plan")

    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Proposal.objects.filter(name="A plan").exists()


def test_a_reader_may_not(reader_client, negotiation):
    assert post(reader_client, negotiation, name="A plan").status_code == 403
    assert not Proposal.objects.filter(name="A plan").exists()


def test_get_is_not_allowed(annotator_client, negotiation):
    assert annotator_client.get(add_url(negotiation)).status_code == 405


def test_only_annotators_see_the_form(client, annotator_client, negotiation):
    page = reverse("proposal_list", args=[negotiation.slug])

    assert 'class="add-proposal"' not in text_of(client.get(page))
    assert f'action="{add_url(negotiation)}"' in text_of(annotator_client.get(page))


def test_an_annotator_adds_a_proposal_and_lands_on_it(annotator_client, negotiation):
    sudmark = Party.objects.get(negotiation=negotiation, name="Sudmark")

    response = post(
        annotator_client,
        negotiation,
        follow=True,
        name="Sudmarkian quota plan",
        party=sudmark.pk,
        day="2025-03-20",
        aliases="quota plan; the Sudmark offer",
    )

    proposal = Proposal.objects.get(negotiation=negotiation, name="Sudmarkian quota plan")
    assert (proposal.party, proposal.date, proposal.origin) == (sudmark, date(2025, 3, 20), Proposal.Origin.MANUAL)
    assert response.redirect_chain[-1][0].endswith(f"#proposal-{proposal.pk}")
    page = text_of(response)
    assert "Added “Sudmarkian quota plan”" in page
    assert "“quota plan”, “the Sudmark offer”" in page
    # Added by hand, it can be merged into another later.
    assert f'action="{reverse("proposal_merge", args=[negotiation.slug, proposal.pk])}"' in page


def test_a_name_already_taken_is_refused_with_the_form_kept(annotator_client, negotiation):
    response = post(annotator_client, negotiation, name="A new formula", aliases="flow formula")

    assert response.status_code == 422
    page = text_of(response)
    assert "“flow formula” already names a proposal." in page
    assert 'value="A new formula"' in page
    assert not Proposal.objects.filter(name="A new formula").exists()


def test_a_missing_name_or_a_bad_party_is_refused(annotator_client, negotiation):
    assert post(annotator_client, negotiation, name="").status_code == 422
    assert post(annotator_client, negotiation, name="A plan", party=999999).status_code == 422
    assert Proposal.objects.filter(negotiation=negotiation).count() == 1
