"""Atom feeds of new statements and position changes: a negotiation's, a party's, an issue's.

Entries come newest first by when Parley learnt of them (services/reports.py `latest_news`),
with the values readers see. A statement's entry links to its page; a change's to the party's
history on the issue, at the change, so each change keeps an id of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.text import Truncator

from .models import Issue, Negotiation, Party, Stance
from .services.reports import NewsItem, latest_news

# How much of a statement's text an entry's title quotes.
TITLE_WORDS = 20


@dataclass
class Subject:
    negotiation: Negotiation
    party: Party | None = None
    issue: Issue | None = None


def stance_words(stance: str) -> str:
    """A stance as the verb of a sentence: "conditional" reads "accepts with conditions"."""
    return Stance(stance).label.lower() if stance in Stance.values else stance


class NegotiationFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Subject:
        return Subject(get_object_or_404(Negotiation, slug=slug))

    def title(self, subject: Subject) -> str:
        return f"{subject.negotiation.title}: new statements and position changes"

    def subtitle(self, subject: Subject) -> str:
        return "Statements as people corrected them, and every change of a party's position, newest first."

    def link(self, subject: Subject) -> str:
        return reverse("negotiation_detail", args=[subject.negotiation.slug])

    def items(self, subject: Subject) -> list[NewsItem]:
        return latest_news(subject.negotiation, party=subject.party, issue=subject.issue)

    def item_title(self, item: NewsItem) -> str:
        if item.change is not None:
            change = item.change
            before, after = stance_words(change.before.stance), stance_words(change.after.stance)
            return f"{change.party.name} on {change.issue.name}: {before} → {after}"
        values = item.statement.effective
        about = values.target or (values.proposal.name if values.proposal else "")
        if values.stance != Stance.NEUTRAL and about:
            who = values.party.name if values.party else values.speaker or "Someone"
            return f"{who}: {stance_words(values.stance)} {about}"
        who = values.speaker or "Someone"
        if values.party and values.party.name != who:
            who = f"{who} ({values.party.name})"
        return f"{who} said “{Truncator(item.statement.text).words(TITLE_WORDS)}”"

    def item_description(self, item: NewsItem) -> str:
        statement = item.statement
        values = statement.effective
        day = values.said_on or statement.article.published
        said = format_html(
            "<p>“{}”</p><p>{}, {}, in <i>{}</i></p>",
            statement.text,
            values.speaker or "Unknown speaker",
            day.isoformat() if day else "undated",
            statement.article.title,
        )
        if item.change is None:
            return said
        before, after = item.change.before, item.change.after
        return format_html(
            "<p>{} {} ({}), now {}:</p>{}",
            item.change.party.name,
            stance_words(before.stance),
            before.day.isoformat() if before.day else "undated",
            stance_words(after.stance),
            said,
        )

    def item_link(self, item: NewsItem) -> str:
        slug = item.negotiation.slug
        if item.change is None:
            return reverse("statement_detail", args=[slug, item.statement.pk])
        cell = reverse("position_cell", args=[slug, item.change.party.pk, item.change.issue.pk])
        return f"{cell}#change-{item.statement.pk}"

    def item_author_name(self, item: NewsItem) -> str:
        return item.statement.effective.speaker or "Unknown speaker"

    def item_pubdate(self, item: NewsItem) -> datetime:
        return item.known_at

    def item_updateddate(self, item: NewsItem) -> datetime:
        return item.updated_at


class PartyFeed(NegotiationFeed):
    def get_object(self, request, slug: str, pk: int) -> Subject:
        party = get_object_or_404(Party.objects.select_related("negotiation"), pk=pk, negotiation__slug=slug)
        return Subject(party.negotiation, party=party)

    def title(self, subject: Subject) -> str:
        return f"{subject.party.name} in {subject.negotiation.title}: new statements and position changes"

    def link(self, subject: Subject) -> str:
        return reverse("timeline", args=[subject.negotiation.slug]) + f"?party={subject.party.pk}"


class IssueFeed(NegotiationFeed):
    def get_object(self, request, slug: str, pk: int) -> Subject:
        issue = get_object_or_404(Issue.objects.select_related("negotiation"), pk=pk, negotiation__slug=slug)
        return Subject(issue.negotiation, issue=issue)

    def title(self, subject: Subject) -> str:
        return f"{subject.issue.name} in {subject.negotiation.title}: new statements and position changes"

    def link(self, subject: Subject) -> str:
        return reverse("timeline", args=[subject.negotiation.slug]) + f"?issue={subject.issue.pk}"


urlpatterns = [
    path("n/<slug:slug>/feed/", NegotiationFeed(), name="feed"),
    path("n/<slug:slug>/parties/<int:pk>/feed/", PartyFeed(), name="party_feed"),
    path("n/<slug:slug>/issues/<int:pk>/feed/", IssueFeed(), name="issue_feed"),
]
