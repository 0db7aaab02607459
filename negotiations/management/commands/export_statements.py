"""manage.py export_statements --negotiation SLUG --format json|jsonl|csv [--output FILE]."""

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from negotiations.models import Negotiation
from negotiations.services.export import FORMATS, export_statements


class _Unterminated:
    """Standard output for the export, which writes pieces: OutputWrapper ends every write with a newline."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")


class Command(BaseCommand):
    help = "Print a negotiation's statements, hand corrections applied and rejected ones left out (formats.md §3)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--negotiation", required=True, metavar="SLUG")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", metavar="FILE", help="write here instead of standard output")

    def handle(self, *args, negotiation: str, format: str, output: str | None, **options) -> None:
        try:
            found = Negotiation.objects.get(slug=negotiation)
        except Negotiation.DoesNotExist:
            known = ", ".join(Negotiation.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"no negotiation with slug '{negotiation}' (known: {known})") from None
        if output is None:
            export_statements(found, format, _Unterminated(self.stdout))
            return
        # newline="": the csv module writes its own line endings.
        with open(output, "w", encoding="utf-8", newline="") as out:
            count = export_statements(found, format, out)
        self.stderr.write(f"Wrote {count} statements to {output}")
