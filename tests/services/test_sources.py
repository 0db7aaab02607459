import http.server
import io
import json
import threading
import time
import urllib.error
from datetime import date
from pathlib import Path

import pytest

from negotiations.services import sources
from negotiations.services.sources import (
    ArticleInput,
    ItemError,
    parse_published,
    read_html,
    read_jsonl,
    read_path,
    read_text,
    read_url,
)

GOOD = {
    "id": 41,
    "title": "  Arven talks resume in Lindau ",
    "url": "https://gazette.example/arven-41",
    "source": "The River Gazette",
    "published": "Apr. 2, 2025",
    "text": 'LINDAU — "We need more water in August," Ilse Varga said.',
}

PAGE = """<!DOCTYPE html><html><head>
<title>Sudmark rejects flow formula | The River Gazette</title>
<meta property="og:title" content="Sudmark rejects flow formula">
<meta property="og:site_name" content="The River Gazette">
<meta name="date" content="2025-04-03">
<link rel="canonical" href="https://gazette.example/sudmark-rejects">
</head><body><nav>Home | Rivers | Dams</nav>
<article><h1>Sudmark rejects flow formula</h1>
<p>BRAVA — "This formula leaves our farms dry every September," Foreign Minister Tomas Brell said on Thursday.</p>
<p>The commission's envoy, Ana Ferreira, said she would present a revised formula to both delegations next week.</p>
</article><footer>All rights reserved</footer></body></html>"""


def jsonl(*records: object) -> list[bytes]:
    return [(r if isinstance(r, str) else json.dumps(r)).encode() + b"\n" for r in records]


def test_jsonl_reads_an_article():
    [item] = read_jsonl(jsonl(GOOD), "a.jsonl")
    assert item == ArticleInput(
        where="a.jsonl:1",
        title="Arven talks resume in Lindau",
        text=GOOD["text"],
        url="https://gazette.example/arven-41",
        source="The River Gazette",
        published=date(2025, 4, 2),
        external_id="41",
    )


def test_jsonl_optional_keys_may_be_null_or_missing():
    [item] = read_jsonl(jsonl({"title": "T", "text": "Body.", "url": None, "source": None, "published": None}), "a")
    assert (item.url, item.source, item.published, item.external_id) == (None, "", None, "")
    [item] = read_jsonl(jsonl({"title": "T", "text": "Body.", "url": ""}), "a")
    assert item.url is None  # else every article without a URL would be "the same"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object but an array"),
        ({"title": "T"}, 'missing "text"'),
        ({"title": "T", "text": None}, 'missing "text"'),
        ({"title": "T", "text": "  \n "}, 'empty "text"'),
        ({"text": "Body."}, 'missing "title"'),
        ({"title": 7, "text": "Body."}, '"title" must be a string, not a number'),
        ({"title": "T", "text": "Body.", "url": ["x"]}, '"url" must be a string or null, not an array'),
        ({"title": "T", "text": "Body.", "published": "the day after the summit"}, 'unreadable "published" date'),
        ({"title": "T", "text": "Body.", "published": 20250402}, '"published" must be a string or null'),
        ({"title": "T" * 1001, "text": "Body."}, '"title" is longer than 1000 characters'),
    ],
)
def test_jsonl_bad_line_names_file_and_line_and_the_rest_still_comes(line, message):
    items = list(read_jsonl(jsonl(GOOD, line, GOOD), "articles.jsonl"))
    assert [type(i) for i in items] == [ArticleInput, ItemError, ArticleInput]
    assert str(items[1]).startswith(f"articles.jsonl:2: {message}")


def test_jsonl_invalid_utf8_costs_only_its_line():
    lines = jsonl(GOOD) + [b'{"title": "caf\xe9", "text": "x"}\n'] + jsonl(GOOD)
    items = list(read_jsonl(lines, "a.jsonl"))
    assert str(items[1]).startswith("a.jsonl:2: not valid UTF-8")
    assert isinstance(items[2], ArticleInput)


def test_jsonl_tolerates_bom_crlf_and_blank_lines_and_keeps_line_numbers():
    lines = [b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\r\n", b"\r\n", b"   \n", b"{oops}\r\n"]
    items = list(read_jsonl(lines, "a.jsonl"))
    assert isinstance(items[0], ArticleInput)
    assert items[1].where == "a.jsonl:4"
    assert len(items) == 2


def test_jsonl_keeps_text_exactly_so_offsets_hold():
    text = '  "Leading space and trailing newline," she said.\n'
    [item] = read_jsonl(jsonl({"title": "T", "text": text}), "a")
    assert item.text == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-04-02", date(2025, 4, 2)),
        ("Apr. 2, 2025", date(2025, 4, 2)),
        ("2 April 2025", date(2025, 4, 2)),
        # The day where it was published, not in UTC.
        ("2025-04-02T23:30:00-05:00", date(2025, 4, 2)),
        ("Wed, 02 Apr 2025 08:00:00 GMT", date(2025, 4, 2)),
        # Nothing is counted from today, and no missing part is filled in from it.
        ("yesterday", None),
        ("3 days ago", None),
        ("April 2025", None),
        ("Apr 2", None),
        ("soon", None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


def test_text_first_line_is_the_title():
    item = read_text("\n\n  Varga warns of a dry summer \n\nIlse Varga said the river was low.\nMore.\n", "n.txt")
    assert item == ArticleInput(
        where="n.txt", title="Varga warns of a dry summer", text="Ilse Varga said the river was low.\nMore."
    )


def test_text_without_body_or_empty_is_an_error():
    assert str(read_text("Only a title\n\n", "n.txt")).startswith("n.txt: no text after the title")
    assert str(read_text(" \n", "e.txt")) == "e.txt: empty file"


def test_html_main_text_and_metadata():
    item = read_html(PAGE, "page.html")
    assert isinstance(item, ArticleInput)
    assert item.title == "Sudmark rejects flow formula"
    assert item.text.startswith('BRAVA — "This formula leaves our farms dry')
    assert "Ana Ferreira" in item.text
    assert "Home | Rivers" not in item.text and "All rights reserved" not in item.text
    assert item.published == date(2025, 4, 3)
    assert item.url == "https://gazette.example/sudmark-rejects"
    assert item.source == "The River Gazette"


def test_html_without_article_text_is_an_error():
    assert str(read_html("<html><body></body></html>", "empty.html")).startswith("empty.html: no article text")


def test_read_path_by_suffix(tmp_path: Path):
    (tmp_path / "a.jsonl").write_text(json.dumps(GOOD) + "\n\nnope\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("\ufeffTitle line\nBody line.\n", encoding="utf-8")
    (tmp_path / "c.htm").write_text(PAGE, encoding="utf-8")
    items = [i for name in ("a.jsonl", "b.txt", "c.htm") for i in read_path(str(tmp_path / name))]
    assert [i.where for i in items] == [
        f"{tmp_path}/a.jsonl:1",
        f"{tmp_path}/a.jsonl:3",
        f"{tmp_path}/b.txt",
        f"{tmp_path}/c.htm",
    ]
    assert isinstance(items[1], ItemError)
    assert items[2].title == "Title line"
    assert items[3].title == "Sudmark rejects flow formula"


def test_read_path_unreadable_file_is_an_error_naming_it(tmp_path: Path):
    [error] = read_path(str(tmp_path / "gone.jsonl"))
    assert str(error).startswith(f"{tmp_path}/gone.jsonl: cannot read")


def test_stdin_json_lines():
    stream = io.BytesIO(b"\n" + b"".join(jsonl(GOOD, "{bad", GOOD)))
    items = list(read_path("-", stdin=stream))
    assert [i.where for i in items] == ["<stdin>:2", "<stdin>:3", "<stdin>:4"]
    assert isinstance(items[1], ItemError)


def test_stdin_plain_text():
    [item] = read_path("-", stdin=io.BytesIO(b"Brell in Lindau\nTomas Brell arrived on Monday.\n"))
    assert (item.where, item.title, item.text) == ("<stdin>", "Brell in Lindau", "Tomas Brell arrived on Monday.")


def test_url_fetch_failure_says_why(monkeypatch):
    def offline(request, timeout):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(sources, "_open", offline)
    error = read_url("https://gazette.example/x")
    assert isinstance(error, ItemError)
    assert str(error).startswith("https://gazette.example/x: could not fetch")
    assert "network" in error.message


def test_url_reads_the_page(monkeypatch):
    class Response(io.BytesIO):
        def geturl(self) -> str:
            return "https://gazette.example/sudmark-rejects?ref=home"

    monkeypatch.setattr(sources, "_open", lambda request, timeout: Response(PAGE.encode()))
    item = read_url("https://gazette.example/s")
    assert item.title == "Sudmark rejects flow formula"
    assert item.url == "https://gazette.example/sudmark-rejects"  # the page's canonical URL


# Fetching for real, from a server on this machine's loopback.


class Pages(http.server.BaseHTTPRequestHandler):
    """/page answers PAGE; /big 5,000 bytes without a length; /slow a byte every 0.1 s for 5 s;
    /to-ftp redirects to an ftp:// address."""

    def do_GET(self):
        if self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/secret")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if self.path == "/page":
            body = PAGE.encode()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/big":
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 5000)
        elif self.path == "/slow":
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_reads_a_page_over_http(server):
    item = read_url(f"{server}/page")

    assert item.title == "Sudmark rejects flow formula"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://gazette.example/x", "/etc/passwd", "data:,hi"])
def test_url_other_than_http_is_refused(url, monkeypatch):
    # Before: --url file:///etc/passwd read the file.
    monkeypatch.setattr(sources, "_open", None)  # never reached

    error = read_url(url)

    assert isinstance(error, ItemError)
    assert error.message.startswith("only http:// and https:// addresses can be fetched")


def test_url_redirect_to_another_scheme_is_refused(server):
    # urllib itself follows a redirect to ftp://.
    error = read_url(f"{server}/to-ftp")

    assert isinstance(error, ItemError)
    assert error.message == "could not fetch: HTTP 302 redirect to ftp://127.0.0.1/secret refused"


def test_url_larger_than_the_limit_is_refused(server):
    error = read_url(f"{server}/big", max_bytes=1000)

    assert isinstance(error, ItemError)
    assert error.message == "the page is larger than 1,000 bytes; not read"
    assert sources.URL_MAX_BYTES == 10_000_000


def test_url_slower_than_the_time_limit_is_refused(server):
    # Each byte comes within the socket timeout; the whole page does not come within the limit.
    started = time.monotonic()

    error = read_url(f"{server}/slow", timeout=1)

    assert isinstance(error, ItemError)
    assert error.message == "the page took longer than 1 s; not read"
    assert time.monotonic() - started < 3
