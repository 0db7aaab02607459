from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "negotiations"

    def ready(self) -> None:
        # Registers the rebuilders of stored derived data (services/derived.py), which
        # `rebuild_derived` runs whether or not anything else imported their modules.
        from negotiations.services import day_counts, shown  # noqa: F401
