"""Many people browsing and annotating at once, against gunicorn on PostgreSQL.

    python bench/load.py [--clients 50] [--seconds 60]        (from the repo root)

Sets up a throw-away PostgreSQL database (PARLEY_LOAD_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/parley_loadbench: dropped and created again) with the evaluation
negotiation (../shared/eval, else seeds/), one annotator account per client (group `annotators`),
and serves it with gunicorn on loopback (DEBUG off, a random SECRET_KEY, as in production). Then
each client signs in and, until the time is up, browses (home, negotiation, timeline, positions,
proposals, articles, an article, a statement) and annotates through the pages' own forms, with
their CSRF token and the version the page was loaded at:

- edits: the statement edit form (its page, or the form alone as htmx loads it), posted back
  with a new note (unique to that write) and sometimes another stance;
- confirmations: the statement page's review form (confirm, reject, undo);
- deliberate conflicts: two accounts load one statement's edit form at the same version and
  both post it at once; once one of them is acknowledged, the other must be answered 409.

Every acknowledged write (a 2xx or redirect answer) is recorded with the version it was made
against. Afterwards, in the database, a write is *lost* when
- its change is not in the statement's history (AnnotationRevision at version+1 with the value
  it set), or two acknowledged writes claim the same version of one statement (one silently
  replaced the other), or
- the stored annotation differs from the last revision of a field the write set (the history
  says the value is X, the statement shows Y).
With writes serialised by the version, the acknowledged writes of one statement are ordered by
their versions; the stored value of each field must be the one the last of them (or a later,
unacknowledged write, e.g. one whose answer timed out) set.

It prints requests/s, p50/p95 (all requests, reads, writes), the count of 5xx answers, and ends
with `5xx N, lost N, conflicts answered 409: N of N`. The clients run in this process as threads
on the same two cores as gunicorn: the figures are those of the pair, on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
PYTHON = sys.executable
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/parley_loadbench"
PASSWORD = "load-" + secrets.token_urlsafe(12)
STANCES = ("supports", "rejects", "accepts", "conditional", "neutral")


# --- pages' forms ----------------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def with_values(self, **values: str) -> list[tuple[str, str]]:
        out = [(key, value) for key, value in self.fields if key not in values]
        return out + list(values.items())


class FormParser(HTMLParser):
    """The forms of a page as a browser would post them: inputs, checked boxes, selected options."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.option_value: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form(action=a.get("action") or "")
            self.forms.append(self.form)
        if self.form is None:
            return
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "image", "file"):
                self.form.fields.append((a["name"], a.get("value") or ""))
        elif tag == "button" and a.get("name"):
            self.form.buttons.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self.select, self.select_first, self.select_chosen = a.get("name"), None, False
        elif tag == "option" and self.select:
            value = a.get("value")
            self.option_value = value
            if self.select_first is None:
                self.select_first = value
            if "selected" in a and value is not None:
                self.form.fields.append((self.select, value))
                self.select_chosen = True
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), []

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "select" and self.select:
            if not self.select_chosen and self.select_first is not None:
                self.form.fields.append((self.select, self.select_first))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline right after <textarea>.
            text = "".join(self.text)
            self.form.fields.append((self.textarea, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "form":
            self.form = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


# --- results ---------------------------------------------------------------------------------------


@dataclass
class Write:
    """An acknowledged write: what the client set on `statement`, made against `version`."""

    statement: int
    version: int
    values: dict[str, str]  # field -> value as AnnotationRevision.new_value stores it
    shown: dict[str, str]  # field -> value the page showed at `version`
    user: str
    kind: str


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: list[tuple[str, float, int, str]] = field(default_factory=list)  # (read|write, seconds, status, page)
    writes: list[Write] = field(default_factory=list)
    conflict_pairs: int = 0
    conflict_409: int = 0
    surprises: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def timed(self, kind: str, seconds: float, status: int, what: str, page: str) -> None:
        with self.lock:
            self.timings.append((kind, seconds, status, page))
            if status >= 500 or status == 0:
                self.errors.append(f"{status} {what}")

    def ack(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)

    def note(self, what: str) -> None:
        with self.lock:
            self.surprises[what] += 1


def page_name(path: str) -> str:
    """/n/gaza/statements/12/edit/ -> statements/N/edit: one name for a page whatever it shows."""
    path = re.sub(r"^/n/[^/]+/", "", path).strip("/")
    return re.sub(r"\d+", "N", path) or "home"


# --- one client --------------------------------------------------------------------------------------


class Client:
    def __init__(self, base: str, username: str, results: Results, world: dict, rng: random.Random) -> None:
        self.base = base
        self.username = username
        self.results = results
        self.world = world
        self.rng = rng
        # gunicorn closes a kept-alive connection after 2 idle seconds: a request sent on it just
        # then is reset. A browser retries those; this client lets connections go before that.
        limits = httpx.Limits(keepalive_expiry=1.0)
        self.http = httpx.Client(base_url=base, timeout=120, follow_redirects=False, limits=limits)

    def request(self, method: str, path: str, kind: str = "read", **kwargs) -> httpx.Response | None:
        page = f"{method} {page_name(path)}"
        start = time.perf_counter()
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            self.results.timed(kind, time.perf_counter() - start, 0, f"{method} {path}: {error!r}", page)
            return None
        self.results.timed(kind, time.perf_counter() - start, response.status_code, f"{method} {path}", page)
        return response

    def post(self, path: str, data: list[tuple[str, str]], referer: str, htmx: bool = False) -> httpx.Response | None:
        # Django checks the Referer of https posts only; the Origin header it checks always.
        headers = {
            "Origin": self.base,
            "Referer": self.base + referer,
            "Content-Type": "application/x-www-form-urlencoded",
            **({"HX-Request": "true"} if htmx else {}),
        }
        return self.request("POST", path, kind="write", content=urlencode(data), headers=headers)

    def sign_in(self) -> None:
        page = self.request("GET", "/accounts/login/")
        if page is None or page.status_code != 200:
            raise RuntimeError(f"{self.username}: no sign-in page ({page and page.status_code})")
        form = next(f for f in forms_of(page.text) if f.get("csrfmiddlewaretoken"))
        answer = self.post(
            "/accounts/login/", form.with_values(username=self.username, password=PASSWORD), "/accounts/login/"
        )
        if answer is None or answer.status_code != 302:
            raise RuntimeError(f"{self.username}: sign-in answered {answer and answer.status_code}")

    # browsing

    def browse(self) -> None:
        slug = self.world["slug"]
        choice = self.rng.random()
        if choice < 0.1:
            path = "/"
        elif choice < 0.2:
            path = f"/n/{slug}/"
        elif choice < 0.35:
            path = f"/n/{slug}/timeline/"
        elif choice < 0.45:
            path = f"/n/{slug}/positions/"
        elif choice < 0.55:
            path = f"/n/{slug}/proposals/"
        elif choice < 0.6:
            path = f"/n/{slug}/articles/"
        elif choice < 0.75:
            path = f"/n/{slug}/articles/{self.rng.choice(self.world['articles'])}/"
        else:
            path = f"/n/{slug}/statements/{self.rng.choice(self.world['statements'])}/"
        response = self.request("GET", path)
        if response is not None and response.status_code != 200:
            self.results.note(f"GET {response.status_code}")

    # annotating

    def load_edit(self, statement: int, htmx: bool = False) -> tuple[str, Form] | None:
        """The statement's edit form: its page, or (htmx) the form alone, as the timeline loads it."""
        path = f"/n/{self.world['slug']}/statements/{statement}/edit/"
        page = self.request("GET", path, headers={"HX-Request": "true"} if htmx else {})
        if page is None or page.status_code != 200:
            return None
        form = next((f for f in forms_of(page.text) if f.action == path), None)
        return (path, form) if form is not None else None

    def edit_values(self, statement: int, form: Form) -> tuple[list[tuple[str, str]], dict, dict]:
        prefix = f"s{statement}-"
        note = f"{self.username} {secrets.token_hex(6)}"
        values = {prefix + "note": note}
        set_ = {"note": note}
        shown = {"note": form.get(prefix + "note") or "", "stance": form.get(prefix + "stance") or ""}
        if self.rng.random() < 0.5:
            stance = self.rng.choice(STANCES)
            values[prefix + "stance"] = stance
            set_["stance"] = stance
        return form.with_values(**values), set_, shown

    def edit(self) -> None:
        statement = self.rng.choice(self.world["annotated"])
        htmx = self.rng.random() < 0.5
        loaded = self.load_edit(statement, htmx)
        if loaded is None:
            self.results.note("edit form not loaded")
            return
        path, form = loaded
        version = int(form.get(f"s{statement}-version") or 0)
        data, set_, shown = self.edit_values(statement, form)
        answer = self.post(path, data, path, htmx)
        if answer is None:
            return
        if answer.status_code in (200, 302, 303):
            self.results.ack(Write(statement, version, set_, shown, self.username, "edit"))
        elif answer.status_code == 409:
            self.results.note("edit 409 (someone else saved first)")
        else:
            self.results.note(f"edit {answer.status_code}")

    def review(self) -> None:
        statement = self.rng.choice(self.world["annotated"])
        path = f"/n/{self.world['slug']}/statements/{statement}/"
        page = self.request("GET", path)
        if page is None or page.status_code != 200:
            return
        action = f"/n/{self.world['slug']}/statements/{statement}/review/"
        form = next((f for f in forms_of(page.text) if f.action == action), None)
        if form is None or not form.buttons:
            self.results.note("review form missing")
            return
        _, status = self.rng.choice(form.buttons)
        shown = "unreviewed" if any(v in ("confirmed", "rejected") for _, v in form.buttons) else "?"
        version = int(form.get("version") or 0)
        answer = self.post(action, form.with_values(status=status), path)
        if answer is None:
            return
        if answer.status_code in (200, 302, 303):
            self.results.ack(Write(statement, version, {"status": status}, {"status": shown}, self.username, "review"))
        elif answer.status_code == 409:
            self.results.note("review 409 (someone else saved first)")
        else:
            self.results.note(f"review {answer.status_code}")


def conflict_pair(first: Client, second: Client, results: Results) -> None:
    """Both load one statement's form at the same version, then post at once: one may win."""
    statement = first.rng.choice(first.world["annotated"])
    loaded = [first.load_edit(statement), second.load_edit(statement)]
    if None in loaded:
        return
    versions = [int(form.get(f"s{statement}-version") or 0) for _, form in loaded]
    if versions[0] != versions[1]:
        results.note("conflict pair: someone saved between the two loads")
        return
    posts = [client.edit_values(statement, form) for client, (_, form) in zip((first, second), loaded, strict=True)]
    answers: list[httpx.Response | None] = [None, None]
    barrier = threading.Barrier(2)

    def send(i: int, client: Client) -> None:
        barrier.wait()
        answers[i] = client.post(loaded[i][0], posts[i][0], loaded[i][0])

    threads = [threading.Thread(target=send, args=(i, c)) for i, c in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = [answer.status_code if answer is not None else 0 for answer in answers]
    acked = [code in (200, 302, 303) for code in codes]
    for i, client in enumerate((first, second)):
        if acked[i]:
            results.ack(Write(statement, versions[i], posts[i][1], posts[i][2], client.username, "conflict"))
    if any(acked):
        # The other one posted from the same version after it: it must be a 409.
        with results.lock:
            results.conflict_pairs += 1
            results.conflict_409 += sum(1 for code in codes if code == 409)
    else:
        results.note(f"conflict pair: neither acknowledged {codes}")


def run_client(client: Client, partner: Client, results: Results, deadline: float) -> None:
    rng = client.rng
    while time.monotonic() < deadline:
        choice = rng.random()
        if choice < 0.7:
            client.browse()
        elif choice < 0.85:
            client.edit()
        elif choice < 0.93:
            client.review()
        else:
            conflict_pair(client, partner, results)


def signed_in_clients(base: str, count: int, world: dict, seed: int) -> list[tuple[Client, Client]]:
    """`count` signed-in clients, each with a partner for its deliberate conflicts.

    Signing in is slow on purpose (the password hash) and throttled after wrong passwords, so it
    happens once per account, before the clock starts. A client's partner is the next client's
    account in a session of its own (a copy of its cookies): two people, one statement.
    """
    results = Results()
    clients = [Client(base, f"annotator{n}", results, world, random.Random(seed * 1000 + n)) for n in range(count)]
    for client in clients:
        client.http.timeout = httpx.Timeout(300)
    threads = [threading.Thread(target=client.sign_in) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if results.errors:
        sys.exit("signing in failed: " + "; ".join(results.errors[:5]))
    signed_in = [client for client in clients if "sessionid" in client.http.cookies]
    if len(signed_in) != count:
        sys.exit(f"only {len(signed_in)} of {count} clients signed in")
    times = [t for _, t, _, page in results.timings if page.startswith("POST")]
    print(f"{count} sign-ins: {figures(times)}")
    pairs = []
    for n, client in enumerate(clients):
        other = clients[(n + 1) % count]
        partner = Client(base, other.username, client.results, world, client.rng)
        partner.http.cookies = httpx.Cookies(other.http.cookies)
        client.http.timeout = httpx.Timeout(120)
        pairs.append((client, partner))
    return pairs


# --- set-up, server, checks -----------------------------------------------------------------------------


def manage(env: dict, *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name == "parley":
        sys.exit("refusing to drop the database 'parley': give a throw-away one")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def set_up(env: dict, clients: int) -> dict:
    setup = EVAL / "gaza-negotiation.yaml"
    articles = [EVAL / "gaza-articles.jsonl"]
    if not setup.exists():
        setup, articles = ROOT / "seeds" / "gaza-negotiation.yaml", [ROOT / "seeds" / "gaza-seed-articles.jsonl"]
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_negotiation", str(setup))
    print(manage(env, "ingest", "--negotiation", "gaza-ceasefire-2024", *map(str, articles)).strip().splitlines()[-1])
    script = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from negotiations.models import Article, Statement
group = Group.objects.get(name="annotators")
# One hash for all: hashing is slow on purpose, and these accounts live for one run.
password = make_password({PASSWORD!r})
for n in range({clients}):
    user = get_user_model().objects.create(username=f"annotator{{n}}", password=password)
    user.groups.add(group)
articles = Article.objects.filter(negotiation__slug="gaza-ceasefire-2024")
print(json.dumps({{
    "slug": "gaza-ceasefire-2024",
    "articles": list(articles.values_list("pk", flat=True)),
    "statements": list(Statement.objects.filter(article__in=articles).values_list("pk", flat=True)),
}}))
"""
    return json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi",
        "--preload",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--timeout=60",
        "--log-level=warning",
    ]
    log = open(Path(tempfile.gettempdir()) / "parley-load-gunicorn.log", "w")  # noqa: SIM115 - lives as long as the server
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        if server.poll() is not None:
            sys.exit(f"gunicorn exited: see {log.name}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn did not answer")


def lost_writes(url: str, writes: list[Write]) -> list[str]:
    """The acknowledged writes that the database does not show (module docstring)."""
    import psycopg

    statements = sorted({w.statement for w in writes})
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT statement_id, version, field, new_value FROM negotiations_annotationrevision "
            "WHERE statement_id = ANY(%s)",
            [statements],
        ).fetchall()
        stored = {
            row[0]: {"version": row[1], "note": row[2], "status": row[3], "stance": row[4]}
            for row in connection.execute(
                "SELECT statement_id, version, note, status, stance FROM negotiations_statementannotation "
                "WHERE statement_id = ANY(%s)",
                [statements],
            )
        }
        extracted = dict(
            connection.execute("SELECT id, stance FROM negotiations_statement WHERE id = ANY(%s)", [statements])
        )
    history: dict[tuple[int, int, str], object] = {(s, v, f): new for s, v, f, new in rows}
    latest: dict[tuple[int, str], tuple[int, object]] = {}
    for s, v, f, new in rows:
        if (s, f) not in latest or v > latest[(s, f)][0]:
            latest[(s, f)] = (v, new)

    lost = []
    claimed: dict[tuple[int, int], Write] = {}
    for write in writes:
        key = (write.statement, write.version)
        if key in claimed:
            lost.append(f"statement {write.statement}: two writes acknowledged at version {write.version}")
        claimed[key] = write
        for name, value in write.values.items():
            if value == write.shown.get(name):
                continue  # nothing to change: no revision is due
            if history.get((write.statement, write.version + 1, name)) != value:
                lost.append(f"statement {write.statement} v{write.version + 1} {name}={value!r} by {write.user}")
    for (statement, name), (_, value) in latest.items():
        if statement not in stored:
            lost.append(f"statement {statement}: history but no annotation")
            continue
        now = stored[statement][name] if name in ("note", "status") else None
        if name == "stance":
            # Stored only when it differs from the extractor's; then the annotation holds it.
            now = stored[statement]["stance"] or extracted[statement]
        if name in ("note", "status", "stance") and now != value:
            lost.append(f"statement {statement}: {name} stored {now!r}, its history ends at {value!r}")
    return lost


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by process `pid` and its children (gunicorn: the master and its workers)."""
    total, pids = 0.0, [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        pids.extend(int(child) for child in children)
    return total


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def figures(times: list[float]) -> str:
    return f"p50 {percentile(times, 0.5) * 1000:7.1f} ms  p95 {percentile(times, 0.95) * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3 for 2 cores)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--hot", type=int, default=0, help="annotate only the first N statements (more writes meet); 0: all"
    )
    args = parser.parse_args()

    url = os.environ.get("PARLEY_LOAD_DATABASE_URL", DEFAULT_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    }
    recreate_database(url)
    world = set_up(env, args.clients)
    world["annotated"] = world["statements"][: args.hot] if args.hot else world["statements"]
    print(f"{len(world['articles'])} articles, {len(world['statements'])} statements, {args.clients} clients")
    port = free_port()
    server = start_server(env, port, args.workers, args.threads)
    print(f"gunicorn: {args.workers} workers x {args.threads} threads on 127.0.0.1:{port}")
    try:
        pairs = signed_in_clients(f"http://127.0.0.1:{port}", args.clients, world, args.seed)
        results = Results()
        for client, partner in pairs:
            client.results = partner.results = results
        deadline = time.monotonic() + args.seconds
        start = time.perf_counter()
        server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
        threads = [
            threading.Thread(target=run_client, args=(client, partner, results, deadline)) for client, partner in pairs
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - start
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    lost = lost_writes(url, results.writes)
    statuses = Counter(status for _, _, status, _ in results.timings)
    all_times = [t for _, t, _, _ in results.timings]
    print(f"{len(all_times)} requests in {elapsed:.1f} s: {len(all_times) / elapsed:.1f} requests/s")
    # On a shared machine the wall-clock figures depend on what else runs; these do less.
    print(
        f"CPU: gunicorn {server_cpu:.1f} s ({server_cpu / max(len(all_times), 1) * 1000:.0f} ms a request), "
        f"clients {client_cpu:.1f} s, of {os.cpu_count()} cores x {elapsed:.1f} s"
    )
    for label, kind in (("all", None), ("reads", "read"), ("writes", "write")):
        times = [t for k, t, _, _ in results.timings if kind is None or k == kind]
        print(f"  {label:26} {len(times):6}  {figures(times)}")
    pages = defaultdict(list)
    for _, t, _, page in results.timings:
        pages[page].append(t)
    for page, times in sorted(pages.items()):
        print(f"    {page:24} {len(times):6}  {figures(times)}")
    print("statuses:", ", ".join(f"{code}: {count}" for code, count in sorted(statuses.items())))
    kinds = Counter(write.kind for write in results.writes)
    print("acknowledged writes:", ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    for what, count in sorted(results.surprises.items()):
        print(f"  {what}: {count}")
    for error in results.errors[:20]:
        print("  error:", error)
    for item in lost[:20]:
        print("  lost:", item)
    server_errors = sum(count for code, count in statuses.items() if code >= 500)
    if statuses[0]:
        print(f"no answer (connection reset or 120 s timeout): {statuses[0]}")
    conflicts = f"{results.conflict_409} of {results.conflict_pairs}"
    print(f"5xx {server_errors}, lost {len(lost)}, conflicts answered 409: {conflicts}")


if __name__ == "__main__":
    main()
