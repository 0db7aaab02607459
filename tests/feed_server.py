"""Feeds served by the test suite's live server (no network in tests).

A URLconf: Parley's own URLs plus /test-feeds/NAME, which answers what a test put in FEEDS (a
feed, or an article's page when it starts with <!DOCTYPE html>; by the `feed_server` fixture in
tests/conftest.py). NAME "slow" never answers in time: it
sleeps SLOW_SECONDS, longer than the tests' feed timeout.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from django.http import Http404, HttpResponse
from django.urls import path

from config.urls import urlpatterns as parley_urlpatterns

FEEDS: dict[str, bytes] = {}
SLOW_SECONDS = 3.0


def serve(request, name: str) -> HttpResponse:
    if name == "slow":
        time.sleep(SLOW_SECONDS)
    if name not in FEEDS:
        raise Http404(name)
    page = FEEDS[name].lstrip().lower().startswith(b"<!doctype html")
    content_type = "text/html" if page else "application/rss+xml"
    return HttpResponse(FEEDS[name], content_type=f"{content_type}; charset=utf-8")


urlpatterns = [path("test-feeds/<str:name>", serve), *parley_urlpatterns]


def rss(*entries: dict) -> bytes:
    """An RSS 2.0 feed; each entry has title, link, text (HTML, escaped here) and published (a date)."""
    items = []
    for entry in entries:
        published = entry.get("published", date(2025, 4, 2))
        when = format_datetime(datetime(published.year, published.month, published.day, 9, tzinfo=UTC))
        parts = [
            f"<title>{escape(entry['title'])}</title>" if entry.get("title") else "",
            f"<link>{escape(entry['link'])}</link>",
            f"<guid>{escape(entry['link'])}</guid>",
            f"<pubDate>{when}</pubDate>",
            f"<description>{escape(entry['text'])}</description>",
        ]
        items.append(f"<item>{''.join(parts)}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>River news</title>'
        f"<link>https://river.example/</link><description>News</description>{''.join(items)}</channel></rss>"
    ).encode()
