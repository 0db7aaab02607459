"""Ingest throughput against bare spaCy parsing.

    python bench/ingest.py [--processes N]        (from the repo root)

On a throw-away SQLite database: loads the evaluation negotiation, then times (a) `nlp.pipe`
alone over the articles' texts, (b) extraction without the database, and (c) the whole ingest
(reading, dedup, extraction, writes) on the fresh database. With `--processes N` (N > 1) it
also times extraction in N worker processes that each parse and read the articles
(`Extractor.extract_many(..., n_process=N)`) and prints `speedup X with N processes` over one process. The last line is
`ratio X.XX`: ingest throughput over bare `nlp.pipe`, i.e. how much of the parser's speed the
rest keeps.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = ROOT / "seeds"
TARGET_ARTICLES = 75


def setup_file() -> Path:
    shared = EVAL / "gaza-negotiation.yaml"
    return shared if shared.exists() else SEEDS / "gaza-negotiation.yaml"


def article_files() -> list[Path]:
    return sorted(EVAL.glob("*-articles.jsonl")) or sorted(SEEDS.glob("*.jsonl"))


def records(files: Iterable[Path]) -> list[dict]:
    return [
        json.loads(line) for path in files for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def copies_of(originals: list[dict]) -> list[dict]:
    """Enough copies to time, each a new article: another title, and another URL if it has one."""
    copies = []
    for n in range(1, math.ceil(TARGET_ARTICLES / len(originals)) + 1):
        for record in originals:
            url = record.get("url")
            copies.append({**record, "title": f"{record['title']} ({n})", "url": f"{url}#{n}" if url else None})
    return copies


def children_cpu() -> float:
    """CPU seconds used by this process's ended (and waited for) child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:7.1f} articles/s ({seconds:.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=1, help="also time extraction parsing in N processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        run(Path(tmp), args.processes)


def run(tmp: Path, processes: int = 1) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from negotiations.extraction import get_nlp
    from negotiations.services.ingest import build_extractor, ingest_articles
    from negotiations.services.setup import load_negotiation_file
    from negotiations.services.sources import read_path

    call_command("migrate", verbosity=0)
    negotiation = load_negotiation_file(setup_file()).negotiation
    files = article_files()
    articles = copies_of(records(files))
    path = tmp / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    texts = [a["text"] for a in articles]
    batch_size = settings.PARLEY_BATCH_SIZE
    print(f"{len(articles)} articles ({sum(map(len, texts)):,} characters) from {', '.join(f.name for f in files)}")
    print(f"model {settings.PARLEY_SPACY_MODEL}, batch size {batch_size}")

    nlp = get_nlp(settings.PARLEY_SPACY_MODEL)
    for _ in nlp.pipe(texts[:batch_size], batch_size=batch_size):
        pass

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    bare = time.perf_counter() - start

    extractor = build_extractor(negotiation)
    start, cpu = time.perf_counter(), time.process_time()
    # With the published dates, as ingest has them: the extractor resolves dates against them.
    pairs = [(item.text, item.published) for item in read_path(str(path))]
    for _ in extractor.extract_many(pairs, batch_size=batch_size):
        pass
    extract_only, extract_cpu = time.perf_counter() - start, time.process_time() - cpu

    parallel = None
    if processes > 1:
        start, cpu, children = time.perf_counter(), time.process_time(), children_cpu()
        for _ in extractor.extract_many(pairs, batch_size=batch_size, n_process=processes):
            pass
        parallel = time.perf_counter() - start
        parent_cpu, workers_cpu = time.process_time() - cpu, children_cpu() - children

    start = time.perf_counter()
    report = ingest_articles(negotiation, read_path(str(path)), batch_size=batch_size)
    ours = time.perf_counter() - start
    assert report.new == len(articles) and not report.failed, report

    print(f"bare nlp.pipe       {rate(len(texts), bare)}")
    print(f"extraction, no DB   {rate(len(texts), extract_only)}")
    if parallel is not None:
        print(f"extraction, no DB, {processes} processes {rate(len(texts), parallel)}")
        # On a machine busy with other work the wall-clock speedup says little: the CPU time
        # shows what the processes cost, and what the speedup would be on idle cores.
        critical = max(parent_cpu, workers_cpu / processes)
        print(
            f"CPU: 1 process {extract_cpu:.1f} s; {processes} processes: this one {parent_cpu:.1f} s, "
            f"workers {workers_cpu:.1f} s in all (idle cores: about {extract_cpu / critical:.2f}x)"
        )
        print(f"speedup {extract_only / parallel:.2f} with {processes} processes")
    print(f"ingest              {rate(report.new, ours)}, {report.statements} statements")
    print(f"ratio {bare / ours:.2f}")
    # The database file is about to go with its directory.
    connection.close()


if __name__ == "__main__":
    main()
