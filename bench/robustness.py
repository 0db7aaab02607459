"""Robustness on real news: every article ingests, none fails, and how long each one takes.

    python bench/robustness.py [ARTICLES.jsonl ...]

Default input: the PolNeAR dev and train articles converted on this machine into `.polnear/`
(see ../shared/eval/polnear/README.md: the data has no licence, so it is never committed).
On a throw-away SQLite database, each article goes through the real ingest path one at a time
(reading, parsing, extraction under PARLEY_ARTICLE_TIME_BUDGET, writing), and its wall time is
taken. Prints the count of articles stored, failed and over budget, then the time per article
as p50 / p99 / max and the slowest articles. Exits non-zero if any article failed.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT / ".polnear"
SETUP = """slug: robustness
title: Robustness run
parties: []
issues: []
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [
        POLNEAR / "polnear-dev-articles.jsonl",
        POLNEAR / "polnear-train-articles.jsonl",
    ]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        print(
            f"missing {', '.join(missing)}: convert PolNeAR first (../shared/eval/polnear/README.md)", file=sys.stderr
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="parley-robustness-") as tmp:
        return run(Path(tmp), files)


def run(tmp: Path, files: list[Path]) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'robustness.sqlite3'}"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from negotiations.services.ingest import build_extractor, ingest_articles
    from negotiations.services.setup import load_negotiation_file
    from negotiations.services.sources import read_path

    call_command("migrate", verbosity=0)
    setup = tmp / "robustness.yaml"
    setup.write_text(SETUP, encoding="utf-8")
    negotiation = load_negotiation_file(setup).negotiation
    extractor = build_extractor(negotiation)
    items = [item for path in files for item in read_path(str(path))]
    print(f"{len(items)} articles from {', '.join(f.name for f in files)}")
    print(f"model {settings.PARLEY_SPACY_MODEL}, time budget {settings.PARLEY_ARTICLE_TIME_BUDGET:g} s per article")

    times: list[tuple[float, str]] = []
    stored = failed = skipped = statements = 0
    errors = []
    for item in items:
        start = time.perf_counter()
        report = ingest_articles(negotiation, [item], extractor=extractor, batch_size=1)
        times.append((time.perf_counter() - start, getattr(item, "where", "?")))
        stored += report.new
        failed += report.failed
        skipped += report.skipped
        statements += report.statements
        errors.extend(report.errors)
    connection.close()

    seconds = [t for t, _ in times]
    print(f"stored {stored}, skipped as already stored {skipped}, failed {failed}, {statements} statements")
    for error in errors:
        print(f"  failed: {error}")
    print(f"mean {statistics.mean(seconds) * 1000:.0f} ms per article")
    for t, where in sorted(times, reverse=True)[:5]:
        print(f"  slow: {t * 1000:.0f} ms  {where}")
    print(
        f"time per article p50 {percentile(seconds, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(seconds, 0.99) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
