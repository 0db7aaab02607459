"""manage.py poll_sources [--negotiation SLUG] [--schedule]: poll followed feeds now, or queue
the worker's periodic poll."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from negotiations.models import Negotiation, Source
from negotiations.services.following import do_poll_source, schedule_polling


class Command(BaseCommand):
    help = (
        "Fetch every followed feed (or one negotiation's) and store its new entries that contain a keyword. "
        "With --schedule, queue the periodic poll that `db_worker` then runs every PARLEY_POLL_MINUTES instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--negotiation", metavar="SLUG", help="only this negotiation's sources")
        parser.add_argument(
            "--schedule", action="store_true", help="queue the worker's periodic poll (once) and poll nothing now"
        )

    def handle(self, *args, negotiation: str | None, schedule: bool, **options) -> None:
        if schedule:
            schedule_polling()
            self.stdout.write("The worker polls the followed feeds from now on (PARLEY_POLL_MINUTES).")
            return
        sources = Source.objects.select_related("negotiation").order_by("negotiation__slug", "url")
        if negotiation is not None:
            if not Negotiation.objects.filter(slug=negotiation).exists():
                known = ", ".join(Negotiation.objects.values_list("slug", flat=True)) or "none yet"
                raise CommandError(f"no negotiation with slug '{negotiation}' (known: {known})")
            sources = sources.filter(negotiation__slug=negotiation)
        failures = 0
        for source in sources:
            poll = do_poll_source(source)
            line = f"{source.negotiation.slug} {source.url}: {poll.entries} entries, {poll.matched} to store"
            line += f", {poll.new} new"
            if poll.failed:
                line += f", {poll.failed} failed"
            if poll.error:
                failures += 1
                self.stderr.write(f"{line}; {poll.error}")
            else:
                self.stdout.write(line)
        if failures:
            raise CommandError(f"{failures} feed{'s' if failures > 1 else ''} could not be read")
