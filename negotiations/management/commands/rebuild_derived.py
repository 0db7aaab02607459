"""Recompute the stored derived data (positions, answers, sort keys, ...) of negotiations from their statements.

Needed only after rows were written without the services (a bulk load, a restore); the services
keep the derived data up to date themselves. Running it twice gives the same result.
"""

from django.core.management.base import BaseCommand, CommandError

from negotiations.models import Negotiation
from negotiations.services.derived import rebuild


class Command(BaseCommand):
    help = "Recompute the stored derived data of the given negotiations (all when none is named)."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Negotiation slugs; all negotiations when omitted.")

    def handle(self, *args, slugs, **options):
        negotiations = Negotiation.objects.all()
        if slugs:
            negotiations = negotiations.filter(slug__in=slugs)
            missing = sorted(set(slugs) - set(negotiations.values_list("slug", flat=True)))
            if missing:
                raise CommandError(f"No negotiation with the slug {', '.join(missing)}.")
        for negotiation in negotiations:
            rebuild(negotiation)
            self.stdout.write(f"Rebuilt {negotiation.slug}.")
