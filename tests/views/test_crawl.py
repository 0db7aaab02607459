"""Every page is reachable by plain links from `/`, none fails, and none lets markup from an
article through.

The crawl starts at `/` and follows every same-site href, breadth first (GET only; not the admin,
static files, fragments or signing out), as anonymous and as an annotator, with and without the
HX-Request header. The data: the repository's Gaza seed, the Gaza dev set from ../shared when it
is there, and a negotiation whose every text is hostile markup.

spaCy runs once for the module (`extractions`); each test replays what it found.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from negotiations.extraction import ExtractedStatement
from negotiations.models import Issue, Negotiation, Party, Proposal, Stance, Statement, StatementAnnotation
from negotiations.services.annotation import do_annotate_statement, do_set_status
from negotiations.services.ingest import ingest_articles
from negotiations.services.setup import load_negotiation_file
from negotiations.services.sources import ArticleInput, read_path
from tests.helpers import make_article, make_negotiation, make_statement
from tests.views.helpers import Replay, extract_once, hrefs

pytestmark = pytest.mark.django_db

SEED_SETUP = settings.BASE_DIR / "seeds" / "gaza-negotiation.yaml"
SEED_ARTICLES = settings.BASE_DIR / "seeds" / "gaza-seed-articles.jsonl"
SHARED_EVAL = settings.BASE_DIR.parent / "shared" / "eval"
DEV_SETUP = SHARED_EVAL / "gaza-negotiation.yaml"
DEV_ARTICLES = SHARED_EVAL / "gaza-articles.jsonl"
HAVE_DEV_SET = DEV_SETUP.is_file() and DEV_ARTICLES.is_file()

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
CLOSE_MARK = "</mark><script>"
HOSTILE = f"{SCRIPT} {IMG} {SVG} {CLOSE_MARK}"
HOSTILE_SPAN = f"{IMG} {SVG} {CLOSE_MARK}"
JAVASCRIPT_URL = "javascript:alert(1)"
DATA_URL = f"data:text/html,{SCRIPT}"

SKIPPED_PREFIXES = ("/admin/", "/static/", "/accounts/logout/")
LOGIN = "/accounts/login/"
# Filtered and dated views of one page (a timeline per party and issue, the grid as of every day
# a position changed, each cell as of each of those days) multiply without end and run the same
# code: a few of each path are enough. Every path itself is still visited.
VARIANTS_PER_PATH = 4
DATA_TYPES = {"application/json", "application/atom+xml", "text/csv"}


def article_inputs(paths: Iterable[Path]) -> list[ArticleInput]:
    items = [item for path in paths for item in read_path(str(path))]
    assert all(isinstance(item, ArticleInput) for item in items), items
    return items


@pytest.fixture(scope="module")
def extractions(django_db_setup, django_db_blocker) -> dict[str, list[ExtractedStatement]]:
    """What the extractor finds in each Gaza article, by text: spaCy once for the module.

    The extractor is built from the seed setup (the dev set's is the same), in a transaction
    rolled back at once, so nothing is left for the tests.
    """
    paths = [SEED_ARTICLES, *([DEV_ARTICLES] if HAVE_DEV_SET else [])]
    with django_db_blocker.unblock():
        return extract_once(SEED_SETUP, article_inputs(paths))


def load_gaza(setup: Path, articles: list[Path], extractions, user) -> Negotiation:
    """The Gaza negotiation with its articles; one statement confirmed, one rejected, one corrected."""
    negotiation = load_negotiation_file(setup).negotiation
    report = ingest_articles(negotiation, article_inputs(articles), extractor=Replay(extractions))
    assert report.failed == 0 and report.new >= 1
    statements = list(Statement.objects.filter(article__negotiation=negotiation).order_by("id")[:3])
    assert len(statements) == 3, "the seed article gave fewer than 3 statements"
    first, second, third = statements
    do_set_status(first, user=user, status=StatementAnnotation.Status.CONFIRMED, expected_version=0)
    do_set_status(second, user=user, status=StatementAnnotation.Status.REJECTED, expected_version=0)
    do_annotate_statement(
        third,
        user=user,
        changes={"speaker": "A corrected speaker", "party": None, "said_on": None, "note": "checked"},
        expected_version=0,
    )
    return negotiation


def load_hostile(user) -> Negotiation:
    """A negotiation whose titles, names, URLs and texts are markup, with a statement whose span
    cuts through it."""
    negotiation = make_negotiation(slug="hostile", title=f"Talks {HOSTILE}")
    Negotiation.objects.filter(pk=negotiation.pk).update(description=f"About {HOSTILE}")
    party = Party.objects.create(negotiation=negotiation, name=f"Party {IMG}", position=3)
    issue = Issue.objects.create(negotiation=negotiation, name=f"Issue {SVG}", position=3)
    first = make_article(
        negotiation,
        title=f"Title {HOSTILE}",
        source=f"Source {HOSTILE}",
        url=JAVASCRIPT_URL,
        text=f"Before the markup. {HOSTILE} After the markup, Ilse Varga said the river is ours.",
        published=date(2025, 4, 2),
    )
    second = make_article(
        negotiation,
        title=f"Second {SCRIPT}",
        source=SVG,
        url=DATA_URL,
        text=f"Brell: {SCRIPT} is not a proposal.",
        published=None,
    )
    # A stance on the hostile issue and an answer to a hostile proposal: the grid's and the
    # matrix's cells, which are written in Python, show its speaker, text and names.
    covering = make_statement(
        first,
        HOSTILE_SPAN,
        speaker=f"Speaker {HOSTILE}",
        party=party,
        said_on=date(2025, 4, 1),
        issues=(issue,),
        stance=Stance.REJECTS,
        target=issue.name,
    )
    plan = Proposal.objects.create(negotiation=negotiation, name=f"Plan {IMG}", party=party)
    make_statement(
        first,
        "the river is ours",
        speaker=f"Envoy {HOSTILE}",
        party=party,
        stance=Stance.ACCEPTS,
        target=plan.name,
        proposal=plan,
    )
    do_annotate_statement(
        covering,
        user=user,
        changes={"note": f"Note {HOSTILE}", "speaker": f"Corrected {HOSTILE}"},
        expected_version=0,
    )
    make_statement(first, "the river is ours", speaker="Ilse Varga", party="Norland")
    make_statement(second, f"{SCRIPT} is not a proposal", speaker=SCRIPT)
    return negotiation


@pytest.fixture
def seed_site(extractions, annotator) -> list[Negotiation]:
    return [load_gaza(SEED_SETUP, [SEED_ARTICLES], extractions, annotator), load_hostile(annotator)]


@pytest.fixture
def dev_site(extractions, annotator) -> list[Negotiation]:
    if not HAVE_DEV_SET:
        pytest.skip(f"no Gaza dev set at {SHARED_EVAL} (the shared/ folder beside the repository)")
    return [load_gaza(DEV_SETUP, [DEV_ARTICLES, SEED_ARTICLES], extractions, annotator), load_hostile(annotator)]


# --- the crawl -----------------------------------------------------------------------------------


def same_site(href: str, base: str) -> str | None:
    """The path and query a crawler follows for `href` on the page at `base`, or None."""
    if href.startswith("#"):
        return None  # a place on the same page
    parts = urlsplit(urljoin(f"http://testserver{base}", href))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, headers: dict[str, str]) -> dict[str, str]:
    """Every page reachable from `/` by links, breadth first: {url: html}. Each must answer 200;
    the data it links to (feeds, downloads, the API) is fetched and checked, not returned."""
    pages: dict[str, str] = {}
    queue = deque(["/"])
    queued = {"/"}
    variants: dict[str, int] = {}
    while queue:
        url = queue.popleft()
        response = client.get(url, headers=headers)
        assert response.status_code < 500, url
        assert response.status_code == 200, (url, response.status_code)
        content_type = response.headers["Content-Type"].split(";")[0]
        if content_type != "text/html":
            # Feeds, downloads and the API carry article text as data: a browser must never
            # sniff them into a page.
            assert content_type in DATA_TYPES, (url, content_type)
            assert response.headers["X-Content-Type-Options"] == "nosniff", url
            continue
        pages[url] = html = response.content.decode()
        for href in hrefs(html):
            target = same_site(href, url)
            if target is None or target in queued:
                continue
            # Every page links to the sign-in page with itself as `next`: one visit is enough.
            if target.startswith(LOGIN) and any(seen.startswith(LOGIN) for seen in queued):
                continue
            path = target.split("?")[0]
            if "?" in target:
                if variants.get(path, 0) >= VARIANTS_PER_PATH:
                    continue
                variants[path] = variants.get(path, 0) + 1
            queued.add(target)
            queue.append(target)
    return pages


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.problems.append("an inline <script>")
        if tag in ("img", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")
        if tag == "svg" and "viewbox" not in dict(attrs):
            self.problems.append("an <svg> that is not the chart")


# The attacks as they would stand in the page unescaped. (Escaped, `onerror=` is still there as
# text: whether it became an attribute is for the parser to say.)
RAW = re.compile(r"<script>alert|<svg onload|<img src=x|</mark><script>|href=\"\s*(javascript|data):", re.IGNORECASE)


def assert_no_markup_gets_through(url: str, html: str) -> None:
    found = RAW.search(html)
    assert found is None, f"{url}: {found.group(0)!r} unescaped"
    parser = _Tags()
    parser.feed(html)
    assert parser.problems == [], f"{url}: {parser.problems}"


def check_site(client: Client, headers: dict[str, str], negotiations: list[Negotiation], annotating: bool):
    pages = crawl(client, headers)

    for url, html in pages.items():
        assert_no_markup_gets_through(url, html)

    if headers:
        # A statement page asked for by htmx is its card alone, so the crawl stops there: it only
        # has to fail nowhere and let nothing through.
        return pages
    for negotiation in negotiations:
        slug = negotiation.slug
        for name in ("negotiation_detail", "timeline", "article_list"):
            assert reverse(name, args=[slug]) in pages
        for article in negotiation.articles.all():
            assert reverse("article_detail", args=[slug, article.pk]) in pages
        for statement in Statement.objects.filter(article__negotiation=negotiation):
            # Rejected ones too: the home page links to the timeline of rejected statements.
            assert reverse("statement_detail", args=[slug, statement.pk]) in pages
            if annotating:
                assert reverse("statement_edit", args=[slug, statement.pk]) in pages
    assert any(url.startswith(LOGIN) for url in pages) != annotating
    return pages


def assert_hostile_text_shows_escaped(pages: dict[str, str]) -> None:
    negotiation = Negotiation.objects.get(slug="hostile")
    first, second = negotiation.articles.order_by("id")
    covering = Statement.objects.get(article=first, text=HOSTILE_SPAN)
    article_page = pages[reverse("article_detail", args=["hostile", first.pk])]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;" in article_page
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt; &lt;/mark&gt;&lt;script&gt;" in article_page
    assert f'id="s-{covering.pk}"' in article_page
    assert "Source &lt;script&gt;" in article_page and ">original</a>" not in article_page
    assert ">original</a>" not in pages[reverse("article_detail", args=["hostile", second.pk])]
    statement_page = pages[reverse("statement_detail", args=["hostile", covering.pk])]
    assert "Note &lt;script&gt;alert(1)&lt;/script&gt;" in statement_page
    assert "Corrected &lt;script&gt;alert(1)&lt;/script&gt;" in statement_page
    assert "Speaker &lt;script&gt;alert(1)&lt;/script&gt;" in statement_page  # the extractor's, in Values
    articles = pages[reverse("article_list", args=["hostile"])]
    assert "Title &lt;script&gt;alert(1)&lt;/script&gt;" in articles
    timeline = pages[reverse("timeline", args=["hostile"])]
    assert "Party &lt;img src=x onerror=alert(1)&gt;" in timeline
    assert "Issue &quot;&gt;&lt;svg onload=alert(1)&gt;" in timeline
    assert "<title>Talks &lt;script&gt;" in pages["/n/hostile/"]


USERS = ["anonymous", "annotator"]
HEADERS = {"plain": {}, "htmx": {"HX-Request": "true"}}


def client_for(who: str, annotator) -> Client:
    client = Client()
    if who == "annotator":
        client.force_login(annotator)
    return client


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("headers", HEADERS)
def test_the_seed_and_hostile_pages(seed_site, annotator, who, headers):
    pages = check_site(client_for(who, annotator), HEADERS[headers], seed_site, annotating=who == "annotator")

    if headers == "plain":
        assert_hostile_text_shows_escaped(pages)


@pytest.mark.parametrize("who", USERS)
@pytest.mark.parametrize("headers", HEADERS)
def test_the_gaza_dev_set_pages(dev_site, annotator, who, headers):
    pages = check_site(client_for(who, annotator), HEADERS[headers], dev_site, annotating=who == "annotator")

    if headers == "plain":
        assert_hostile_text_shows_escaped(pages)
        gaza = dev_site[0]
        assert gaza.articles.count() >= 7 and Statement.objects.filter(article__negotiation=gaza).count() > 20


def test_the_crawler_sees_what_it_must_refuse():
    # The checks above would pass on pages they cannot read: make sure they catch each attack.
    for attack in (SCRIPT, IMG, SVG, CLOSE_MARK, f'<a href="{JAVASCRIPT_URL}">x</a>', f'<a href=" {DATA_URL}">x</a>'):
        with pytest.raises(AssertionError):
            assert_no_markup_gets_through("/", f"<p>{attack}</p>")
    with pytest.raises(AssertionError):
        assert_no_markup_gets_through("/", '<p><a class="x" onclick="go()">x</a></p>')
    assert_no_markup_gets_through("/", "<p>&lt;img src=x onerror=alert(1)&gt; &quot;&gt;&lt;svg onload=x&gt;</p>")
    assert same_site("#s-1", "/a/") is None
    assert same_site("/n/x/articles/1/#s-2", "/") == "/n/x/articles/1/"
    assert same_site("https://evil.example/", "/") is None
    assert same_site("/static/parley.css", "/") is None
    assert same_site("?page=2", "/n/x/timeline/?party=1") == "/n/x/timeline/?page=2"
