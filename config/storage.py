"""Static file storage: whitenoise's compressed, hashed names once `collectstatic` has run.

Invariant: a page never fails for want of a manifest. Before `collectstatic` (the tests, a
checkout served as it is), `{% static "parley.js" %}` is /static/parley.js, which whitenoise
serves from the app's static folders (WHITENOISE_USE_FINDERS); after it,
/static/parley.3f2a9c.js, cached for a year. Django's own manifest storage would raise
"Missing staticfiles manifest entry" on every page instead.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)
