"""manage.py ingest --negotiation SLUG [FILE ...] [--url URL ...] [--reextract] [--batch-size N]"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from negotiations.models import Negotiation
from negotiations.services.ingest import IngestReport, ReextractReport, ingest_articles, reextract_articles
from negotiations.services.sources import STDIN, ItemError, read_sources


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Store articles (JSON Lines, .txt, .html, - for standard input, or --url) in a negotiation and "
        "extract their statements; --reextract runs extraction again over stored articles, keeping hand "
        "annotations."
    )

    # call_command(..., stdin=binary stream) stands in for standard input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--negotiation", required=True, metavar="SLUG")
        parser.add_argument("files", nargs="*", metavar="FILE", help="Article files; - reads standard input.")
        parser.add_argument("--url", action="append", default=[], dest="urls", help="A web page to fetch.")
        parser.add_argument(
            "--reextract",
            action="store_true",
            help="Alone: re-extract every stored article. With files: re-extract those already stored.",
        )
        parser.add_argument("--batch-size", type=positive_int, default=settings.PARLEY_BATCH_SIZE, metavar="N")

    def handle(self, *args, **options) -> None:
        slug = options["negotiation"]
        negotiation = Negotiation.objects.filter(slug=slug).first()
        if negotiation is None:
            known = ", ".join(Negotiation.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"no negotiation with slug {slug!r} (known: {known}); load its setup first")
        files, urls = options["files"], options["urls"]
        if not files and not urls and not options["reextract"]:
            raise CommandError("nothing to do: give FILE, -, --url URL or --reextract")
        # A mistyped name fails before anything is stored rather than after a long import.
        for path in files:
            if path != STDIN and not Path(path).is_file():
                raise CommandError(f"{path}: no such file" if not Path(path).exists() else f"{path}: not a file")
        if files.count(STDIN) > 1:
            raise CommandError("- (standard input) can be given once")

        # Without files the work is known in advance: every stored article.
        total = None if files or urls else negotiation.articles.count()
        with tqdm(total=total, unit=" articles", file=sys.stderr, disable=not self.stderr.isatty()) as bar:

            def on_error(error: ItemError) -> None:
                with tqdm.external_write_mode(file=sys.stderr):
                    self.stderr.write(str(error))

            common = {"batch_size": options["batch_size"], "progress": bar.update, "on_error": on_error}
            if files or urls:
                report = ingest_articles(
                    negotiation,
                    read_sources(files, urls, stdin=options.get("stdin") or sys.stdin.buffer),
                    reextract_existing=options["reextract"],
                    **common,
                )
            else:
                reextracted = reextract_articles(negotiation, **common)

        if files or urls:
            self.stdout.write(ingest_summary(report))
            if options["reextract"]:
                self.stdout.write(reextract_summary(report.reextracted))
            if report.new + report.skipped == 0 and report.failed:
                raise CommandError(f"no article could be read or stored ({report.failed} failed)")
        else:
            self.stdout.write(reextract_summary(reextracted))


def ingest_summary(report: IngestReport) -> str:
    return (
        f"articles: {report.new} new, {report.skipped} skipped (already stored), {report.failed} failed; "
        f"statements: {report.statements} found"
    )


def reextract_summary(report: ReextractReport) -> str:
    return (
        f"re-extracted: {report.articles} articles, {report.failed} failed; "
        f"statements: {report.statements} found ({report.matched} matched earlier ones, {report.created} new), "
        f"{report.deleted} deleted, {report.kept_missing} no longer found but kept for their annotations"
    )
