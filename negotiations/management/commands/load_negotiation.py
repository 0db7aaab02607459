"""manage.py load_negotiation FILE.yaml: create or update a negotiation from its setup file."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from negotiations.services.setup import SetupError, load_negotiation_file


class Command(BaseCommand):
    help = (
        "Create or update a negotiation from a setup file (docs: formats.md §1). Loading again updates "
        "in place; nothing is deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the setup file (YAML)")

    def handle(self, *args, file: str, **options) -> None:
        try:
            result = load_negotiation_file(file)
        except SetupError as error:
            raise CommandError(str(error)) from error
        for line in result.summary():
            self.stdout.write(line)
