"""Following news feeds: reading a source's RSS or Atom feed and polling it into a batch.

Invariants:

* Every poll is recorded (`SourcePoll`): when, how many entries the feed had, how many matched
  a keyword and were new, and the error when the feed could not be fetched or read. A poll never
  raises for a bad feed.
* Entries go in through the same path as articles from the browser (services/imports.py, then
  services/ingest.py), so an entry already stored is never stored twice; entries whose URL is
  already an article are left out before that, so a second poll of an unchanged feed makes no
  batch at all.
* An entry is matched against the keywords on its title and text in the feed. Its article is
  its web page, fetched by the batch (`Source.full_pages`, the default), or else its title and
  text in the feed (the full content when the feed has it, else the summary), tags stripped.

Periodic polling: `poll_all_sources_task` polls every source and queues itself again
PARLEY_POLL_MINUTES later; `schedule_polling` queues it unless it is queued already
(`manage.py poll_sources --schedule` to run at once, adding a source for the next round).
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser

import feedparser
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from negotiations.models import Article, ImportItem, Negotiation, Source, SourcePoll
from negotiations.services.imports import do_create_import_batch, do_run_import_batch
from negotiations.services.ingest import StatementExtractor
from negotiations.services.sources import ArticleInput, ItemError, SourceItem, fetch

USER_AGENT = "Parley (news reader for negotiation analysis)"


class SourceError(ValueError):
    """A source that cannot be followed; the message says why."""


@dataclass
class FeedRead:
    entries: int = 0
    items: list[SourceItem] = field(default_factory=list)  # the entries that match a keyword
    error: str = ""


def fetch_feed(url: str, timeout: float) -> bytes:
    # As `ingest --url`: http(s) only, also when redirected (an ftp:// or file:// feed address
    # would read the server's files), and a size and time limit for the whole feed.
    return fetch(url, user_agent=USER_AGENT, timeout=timeout)[0]


def read_feed(url: str, keywords: list[str], *, timeout: float | None = None) -> FeedRead:
    """Fetch and parse a feed; its entries that contain a keyword, as articles to ingest."""
    timeout = timeout if timeout is not None else settings.PARLEY_FEED_TIMEOUT
    try:
        content = fetch_feed(url, timeout)
    except urllib.error.HTTPError as exc:
        return FeedRead(error=f"could not fetch the feed: HTTP {exc.code} {exc.reason}")
    except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections, bad URLs
        reason = getattr(exc, "reason", exc)
        return FeedRead(error=f"could not fetch the feed: {reason}")
    parsed = feedparser.parse(content)
    # feedparser reads what it can of a malformed feed ("bozo"); only a feed with nothing
    # readable in it is an error.
    if not parsed.entries:
        if parsed.bozo:
            return FeedRead(error=f"not an RSS or Atom feed: {parsed.bozo_exception}")
        if not parsed.version:
            return FeedRead(error="not an RSS or Atom feed")
    words = [word.casefold() for word in keywords]
    read = FeedRead(entries=len(parsed.entries))
    for number, entry in enumerate(parsed.entries, start=1):
        item = entry_article(entry, f"{url} entry {number}")
        if isinstance(item, ArticleInput):
            haystack = f"{item.title}\n{item.text}".casefold()
            if words and not any(word in haystack for word in words):
                continue
        read.items.append(item)
    return read


def entry_article(entry, where: str) -> SourceItem:
    link = (entry.get("link") or "").strip()
    where = link or where
    title = " ".join((entry.get("title") or "").split())
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    text = plain_text(html or "")
    if not title:
        return ItemError(where, "the entry has no title")
    if not text:
        return ItemError(where, "the entry has no text")
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    published = date(*parsed[:3]) if isinstance(parsed, time.struct_time) else None
    return ArticleInput(
        where=where,
        title=title[: Article._meta.get_field("title").max_length],
        text=text,
        url=link[: Article._meta.get_field("url").max_length] if link.startswith(("http://", "https://")) else None,
        source=(entry.get("source", {}).get("title") or "")[: Article._meta.get_field("source").max_length],
        published=published,
        external_id=(entry.get("id") or "")[: Article._meta.get_field("external_id").max_length],
    )


class _Text(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        # A line break in HTML source is a space; only block elements start a new line.
        self.parts.append(data.replace("\r", " ").replace("\n", " "))


def plain_text(html: str) -> str:
    """The text of an entry's HTML, one paragraph a line: "<p>A</p><p>B</p>" is "A\\nB"."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def keyword_text(keywords: str) -> str:
    """Keywords as stored: one a line, whether given by line or by comma."""
    words = [word.strip() for line in keywords.splitlines() for word in line.split(",")]
    return "\n".join(dict.fromkeys(word for word in words if word))


def do_add_source(negotiation: Negotiation, *, url: str, keywords: str, full_pages: bool = True) -> Source:
    url = url.strip()
    if Source.objects.filter(negotiation=negotiation, url=url).exists():
        raise SourceError(f"{negotiation.title} follows {url} already.")
    source = Source.objects.create(
        negotiation=negotiation, url=url, keywords=keyword_text(keywords), full_pages=full_pages
    )
    # The periodic poll takes it from the next round; "Poll now" (poll_source_task) does it at once.
    transaction.on_commit(lambda: schedule_polling(now=False))
    return source


def do_poll_source(
    source: Source, *, extractor: StatementExtractor | None = None, timeout: float | None = None
) -> SourcePoll:
    """Fetch the source's feed and store its new matching entries; the poll records what happened."""
    poll = SourcePoll.objects.create(source=source, started_at=timezone.now())
    read = read_feed(source.url, source.keyword_list, timeout=timeout)
    poll.entries, poll.error = read.entries, read.error
    stored = set(
        Article.objects.filter(
            negotiation_id=source.negotiation_id,
            url__in=[item.url for item in read.items if isinstance(item, ArticleInput) and item.url],
        ).values_list("url", flat=True)
    )
    fresh = [item for item in read.items if not (isinstance(item, ArticleInput) and item.url in stored)]
    poll.matched = len(fresh)
    if fresh:
        # The page rather than the feed's summary: the batch fetches it, as a URL given on "Add articles".
        articles = [
            item.url if source.full_pages and isinstance(item, ArticleInput) and item.url else item for item in fresh
        ]
        batch = do_create_import_batch(source.negotiation, articles=articles, source=source, enqueue=False)
        poll.batch = batch
        poll.save(update_fields=["entries", "error", "matched", "batch"])
        do_run_import_batch(batch.pk, extractor=extractor)
        poll.new = batch.items.filter(status=ImportItem.Status.NEW).count()
        poll.failed = batch.items.filter(status=ImportItem.Status.FAILED).count()
    poll.finished_at = timezone.now()
    poll.save()
    return poll


def schedule_polling(*, now: bool = True) -> None:
    """Queue the periodic poll of every source, unless it is queued already: to run at once, or
    (now=False) PARLEY_POLL_MINUTES from now."""
    from django_tasks_db.models import DBTaskResult

    from negotiations.tasks import poll_all_sources_task

    queued = DBTaskResult.objects.filter(task_path=poll_all_sources_task.module_path, status="READY")
    if queued.exists():
        return
    if now:
        poll_all_sources_task.enqueue()
    else:
        later = timezone.now() + timedelta(minutes=settings.PARLEY_POLL_MINUTES)
        poll_all_sources_task.using(run_after=later).enqueue()
