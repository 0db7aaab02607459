"""Reading articles: JSON Lines, .txt, .html, standard input and URLs (formats.md §2).

Reading never raises for a bad item: it yields an `ItemError` that names the file and line,
so that one bad line does not stop an import. Nothing here touches the database.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import dateparser
import trafilatura

from negotiations.models import Article

STDIN = "-"
STDIN_NAME = "<stdin>"
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# --url: the whole page within URL_TIMEOUT seconds and URL_MAX_BYTES, over http(s) only (a
# "file:///etc/passwd" given to --url, or a redirect to one, is not a web page).
URL_TIMEOUT = 30.0
URL_MAX_BYTES = 10_000_000
URL_SCHEMES = ("http", "https")
# Only absolute dates: a relative parser would turn "yesterday" or a stray number into a day
# counted from today, and an incomplete date would get today's day or year filled in.
DATEPARSER_SETTINGS = {
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class ArticleInput:
    """One article as read, before it is stored.

    Invariant: no stored field holds a control character but the text's line breaks and tabs,
    whatever source it came from (PostgreSQL refuses NUL; the others are noise or terminal
    escapes). The text keeps its length, so offsets into the text as given still hold.
    """

    where: str  # names the item in messages: "articles.jsonl:7", "page.html", a URL
    title: str
    text: str
    url: str | None = None
    source: str = ""
    published: date | None = None
    external_id: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_text(self.text))
        for name in ("title", "url", "source", "external_id"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, clean_line(value))


@dataclass(frozen=True)
class ItemError:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


SourceItem = ArticleInput | ItemError


class BadArticle(ValueError):
    """An item that cannot become an article; its message is what the user reads."""


def parse_published(value: str) -> date | None:
    """The day of a date or date-time in any form dateparser reads, or None if unreadable."""
    value = value.strip()
    # ISO is what feeds almost always carry, and dateparser is slow to get there.
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    parsed = dateparser.parse(value, settings=DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _max_length(field: str) -> int:
    return Article._meta.get_field(field).max_length


def _checked_length(key: str, value: str, field: str) -> str:
    limit = _max_length(field)
    if len(value) > limit:
        raise BadArticle(f'"{key}" is longer than {limit} characters')
    return value


def _required_text(data: dict, key: str) -> str:
    value = data.get(key)
    if value is None:
        raise BadArticle(f'missing "{key}"')
    if not isinstance(value, str):
        raise BadArticle(f'"{key}" must be a string, not {_json_type(value)}')
    if not value.strip():
        raise BadArticle(f'empty "{key}"')
    return value


def _optional_text(data: dict, key: str, *, allow_int: bool = False) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if allow_int and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise BadArticle(f'"{key}" must be a string or null, not {_json_type(value)}')
    return value.strip()


# C0 and C1 control characters and DEL. In a text, line breaks and tabs are its layout.
_CONTROLS = {code: None for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_TEXT_CONTROLS = {code: " " for code in _CONTROLS if chr(code) not in "\n\r\t"} | {0: "\ufffd"}
_LINE_CONTROLS = _CONTROLS | {ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}


def clean_text(text: str) -> str:
    # Character for character, so that offsets hold: "no.\x00\x07 Varga" -> "no.\ufffd  Varga"
    # (a NUL marks a lost character, other controls become spaces).
    return text.translate(_TEXT_CONTROLS)


def clean_line(value: str) -> str:
    # A one-line field: "Brell\x00 in\nBrava" -> "Brell in Brava".
    return value.translate(_LINE_CONTROLS)


def article_from_json(data: object, where: str) -> ArticleInput:
    """Check one decoded JSON Lines record; raise BadArticle saying what is wrong."""
    if not isinstance(data, dict):
        raise BadArticle(f"not a JSON object but {_json_type(data)}")
    title = _required_text(data, "title").strip()
    text = _required_text(data, "text")
    published_text = _optional_text(data, "published")
    published = None
    if published_text:
        published = parse_published(published_text)
        if published is None:
            raise BadArticle(f'unreadable "published" date: {published_text!r}')
    return ArticleInput(
        where=where,
        title=_checked_length("title", title, "title"),
        text=text,
        # An empty URL must not count as one: every such article would be "the same".
        url=_checked_length("url", _optional_text(data, "url"), "url") or None,
        source=_checked_length("source", _optional_text(data, "source"), "source"),
        published=published,
        external_id=_checked_length("id", _optional_text(data, "id", allow_int=True), "external_id"),
    )


def read_jsonl(lines: Iterable[bytes], name: str) -> Iterator[SourceItem]:
    """One article per line; lines are decoded one by one so a bad byte only costs its line."""
    for number, raw in enumerate(lines, start=1):
        where = f"{name}:{number}"
        if number == 1:
            raw = raw.removeprefix(BOM)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield ItemError(where, f"not valid UTF-8 (byte {exc.start + 1})")
            continue
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ItemError(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield article_from_json(data, where)
        except BadArticle as exc:
            yield ItemError(where, str(exc))


def read_text(content: str, name: str) -> SourceItem:
    """A plain-text article: the first non-empty line is the title, the rest the text."""
    lines = content.splitlines()
    for index, line in enumerate(lines):
        if line.strip():
            title = line.strip()
            text = "\n".join(lines[index + 1 :]).strip()
            break
    else:
        return ItemError(name, "empty file")
    if not text:
        return ItemError(name, "no text after the title (the first line is the title)")
    try:
        title = _checked_length("title", title, "title")
    except BadArticle as exc:
        return ItemError(name, str(exc))
    return ArticleInput(where=name, title=title, text=text)


def read_html(content: str | bytes, name: str, url: str | None = None) -> SourceItem:
    """A web page: its main text, and title, date, URL and site name from its metadata."""
    document = trafilatura.bare_extraction(content, url=url, with_metadata=True)
    if document is None or not (document.text or "").strip():
        return ItemError(name, "no article text found in the page")
    title = (document.title or "").strip()
    if not title:
        return ItemError(name, "no title found in the page")
    text = document.text.strip()
    # trafilatura keeps the page's headline as the text's first line: it is the title already.
    first, _, rest = text.partition("\n")
    if first.strip() == title and rest.strip():
        text = rest.strip()
    published = parse_published(document.date) if document.date else None
    try:
        return ArticleInput(
            where=name,
            title=_checked_length("title", title, "title"),
            text=text,
            url=_checked_length("url", document.url or url or "", "url") or None,
            source=(document.sitename or document.hostname or "")[: _max_length("source")],
            published=published,
        )
    except BadArticle as exc:
        return ItemError(name, str(exc))


def _decode(content: bytes, name: str) -> str | ItemError:
    try:
        return content.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        return ItemError(name, f"not valid UTF-8 (byte {exc.start + 1})")


def _looks_like_html(content: bytes) -> bool:
    head = content.lstrip().removeprefix(BOM)[:200].lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head


def _read_stdin(stream: BinaryIO) -> Iterator[SourceItem]:
    """JSON Lines when the first non-blank line is a JSON object, else one page or text."""
    lines = iter(stream)
    leading: list[bytes] = []
    for line in lines:
        leading.append(line)
        if line.strip(b" \t\r\n" + BOM):
            break
    if leading and leading[-1].lstrip(b" \t" + BOM).startswith(b"{"):
        yield from read_jsonl(_chain(leading, lines), STDIN_NAME)
        return
    content = b"".join(leading) + b"".join(lines)
    if _looks_like_html(content):
        yield read_html(content, STDIN_NAME)
        return
    decoded = _decode(content, STDIN_NAME)
    yield decoded if isinstance(decoded, ItemError) else read_text(decoded, STDIN_NAME)


def _chain(first: list[bytes], rest: Iterator[bytes]) -> Iterator[bytes]:
    yield from first
    yield from rest


def read_path(path: str, stdin: BinaryIO | None = None) -> Iterator[SourceItem]:
    """Read a file by its suffix (its content decides when the suffix says nothing); "-" is stdin."""
    if path == STDIN:
        yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer)
        return
    suffix = Path(path).suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with open(path, "rb") as handle:
                yield from read_jsonl(handle, path)
            return
        content = Path(path).read_bytes()
    except OSError as exc:
        yield ItemError(path, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_content(content, path)


def read_content(content: bytes, name: str) -> Iterator[SourceItem]:
    """Read a file's bytes (an upload) by its name's suffix, as `read_path` reads a file."""
    suffix = Path(name).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(content.splitlines(keepends=True), name)
    elif suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(content)):
        yield read_html(content, name)
    elif suffix not in TEXT_SUFFIXES and content.lstrip(BOM + b" \t\r\n").startswith(b"{"):
        yield from read_jsonl(content.splitlines(keepends=True), name)
    else:
        decoded = _decode(content, name)
        yield decoded if isinstance(decoded, ItemError) else read_text(decoded, name)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """urllib follows redirects to ftp:// too; a page may only send us to another http(s) one."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme.lower() not in URL_SCHEMES:
            raise urllib.error.HTTPError(newurl, code, f"redirect to {newurl} refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def _open(request: urllib.request.Request, timeout: float):
    return _OPENER.open(request, timeout=timeout)


class FetchRefused(ValueError):
    """A fetch Parley will not make or finish: not http(s), too large, too slow."""


def _read_limited(response, max_bytes: int, deadline: float, timeout: float) -> bytes:
    declared = (getattr(response, "headers", None) or {}).get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchRefused(f"the page is larger than {max_bytes:,} bytes; not read")
    chunks, size = [], 0
    # read1 returns what one read of the socket gives, so a page sent a byte at a time (each
    # within the socket's timeout) still meets the deadline.
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise FetchRefused(f"the page is larger than {max_bytes:,} bytes; not read")
        if time.monotonic() > deadline:
            raise FetchRefused(f"the page took longer than {timeout:g} s; not read")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url: str, *, user_agent: str, timeout: float, max_bytes: int | None = None) -> tuple[bytes, str]:
    """The body and final address of an http(s) page, at most `max_bytes` within `timeout` s.

    Raises FetchRefused for another scheme (file://, ftp://, also as a redirect's target), a
    larger body or a slower answer; urllib's HTTPError and OSError for what the network does.
    """
    if urllib.parse.urlsplit(url).scheme.lower() not in URL_SCHEMES:
        raise FetchRefused("only http:// and https:// addresses can be fetched")
    max_bytes = URL_MAX_BYTES if max_bytes is None else max_bytes
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    deadline = time.monotonic() + timeout
    with _open(request, timeout=timeout) as response:
        return _read_limited(response, max_bytes, deadline, timeout), response.geturl()


def read_url(url: str, timeout: float = URL_TIMEOUT, max_bytes: int = URL_MAX_BYTES) -> SourceItem:
    """Fetch a web page (http or https, at most `max_bytes` within `timeout` seconds) and read it
    as an HTML article."""
    try:
        content, final_url = fetch(
            url, user_agent="Parley (news reader for negotiation analysis)", timeout=timeout, max_bytes=max_bytes
        )
    except FetchRefused as exc:
        return ItemError(url, str(exc))
    except urllib.error.HTTPError as exc:
        return ItemError(url, f"could not fetch: HTTP {exc.code} {exc.reason}")
    except OSError as exc:  # URLError, timeouts, refused connections
        reason = getattr(exc, "reason", exc)
        return ItemError(url, f"could not fetch ({reason}); is the network available?")
    return read_html(content, url, url=final_url or url)


def read_sources(
    paths: Iterable[str] = (), urls: Iterable[str] = (), stdin: BinaryIO | None = None
) -> Iterator[SourceItem]:
    """Every item of the files, then of the URLs, in order."""
    for path in paths:
        yield from read_path(path, stdin=stdin)
    for url in urls:
        yield read_url(url)
