"""Crossnote settings, read from the environment.

Everything a deployment may change is an environment variable with the CROSSNOTE_ prefix,
plus the conventional DATABASE_URL and REDIS_URL. With neither of those set Crossnote runs
on a laptop: SQLite in WAL mode, an in-process cache and an embedded task queue in a SQLite
file. With them it runs on PostgreSQL, with Redis for the cache, the home timelines and the
task queue. See docs/ARCHITECTURE.md, "Profiles".
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from crossnote.media.s3config import origins as media_origins
from crossnote.media.s3config import s3_options

PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"CROSSNOTE_{name}", default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return default if value is None else int(value)


DATA_DIR = Path(env("DATA_DIR") or Path.cwd() / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    """The configured key, or one generated once and kept in the data directory.

    A key generated at random and persisted with owner-only permissions is as safe as a
    configured one; what we refuse is a key that is the same on every installation.
    """
    configured = env("SECRET_KEY")
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("CROSSNOTE_SECRET_KEY must be at least 32 characters.")
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = (env("ALLOWED_HOSTS") or "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in (env("CSRF_TRUSTED_ORIGINS") or "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "crossnote.core",
    "crossnote.accounts",
    "crossnote.relations",
    "crossnote.media",
    "crossnote.notes",
    "crossnote.tags",
    "crossnote.engagement",
    "crossnote.feeds",
    "crossnote.notifications",
    "crossnote.search",
    "crossnote.demo",
    "crossnote.translation",
    "crossnote.moderation",
    "crossnote.guides",
    "crossnote.idempotency",
    "crossnote.messaging",
    "crossnote.live",
    "crossnote.imports",
    "crossnote.exports",
    "crossnote.web",
    "django_htmx",
]

MIDDLEWARE = [
    # Outermost, so a read whose database connection dropped is run again from the start.
    "crossnote.core.outages.ReadRetryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crossnote.web.middleware.RequestLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "crossnote.web.middleware.CrossnoteErrorMiddleware",
]

ROOT_URLCONF = "crossnote.urls"
WSGI_APPLICATION = "crossnote.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "crossnote.web.context.navigation",
            ]
        },
    }
]

# --- Storage -----------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL")
if DATABASE_URL:
    # Health checks: a kept connection the server dropped meanwhile (a restart, an admin's
    # pg_terminate_backend) is replaced when a request first uses it, not failed on.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Pages read a few hundred rows at most: starting parallel workers costs more
        # (25 ms measured on the Discover pool query) than it ever saves here.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            "-c max_parallel_workers_per_gather=0"
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "crossnote.core.sqlite",  # Django's, with a cache (its docstring)
            "NAME": DATA_DIR / "crossnote.sqlite3",
            # Keep connections between requests: opening one runs the PRAGMAs below each time.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue on busy_timeout instead of failing mid-way.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                    " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL")
# A Redis that stops answering costs a request at most this long (seconds, to connect and
# to read) before the circuit breaker (crossnote/core/outage.py) fails further calls at once
# for REDIS_RETRY_SECONDS; then one call tries again. Reads fall back to the database,
# tasks wait in the outbox (crossnote/core/outage.py and outbox.py).
CROSSNOTE_REDIS_TIMEOUT = float(env("REDIS_TIMEOUT") or 0.5)
CROSSNOTE_REDIS_RETRY_SECONDS = float(env("REDIS_RETRY_SECONDS") or 10)
# How long the queue's consumer blocks waiting for a task (huey's BRPOP timeout).
_QUEUE_READ_TIMEOUT = 1


def redis_cache(url: str) -> dict[str, object]:
    """The cache on Redis at `url`, with short timeouts and the breaker."""
    timeout = CROSSNOTE_REDIS_TIMEOUT
    return {
        "BACKEND": "crossnote.core.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "cn",
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


def redis_queue_url(url: str) -> str:
    """`url` with the queue's socket timeouts (huey reads no other connection options when
    given a URL). Reading allows for the consumer's blocking wait on top of the timeout.
    Timeouts written in REDIS_URL itself are kept."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    query.setdefault("socket_connect_timeout", str(CROSSNOTE_REDIS_TIMEOUT))
    query.setdefault("socket_timeout", str(CROSSNOTE_REDIS_TIMEOUT + _QUEUE_READ_TIMEOUT))
    return urlunsplit(parts._replace(query=urlencode(query)))


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    # LocMemCache keeps only 300 entries by default and then evicts a third of them: with a
    # few hundred active people, their cached filters, pulled authors and rate-limit counters
    # pushed each other out on every request. Entries are small; 50K is a few MB at most.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

# Home timelines: rows in the database by default, sorted sets in Redis when it is there.
# Where note views wait before the flusher counts them (crossnote.engagement.view_counts):
# "redis" (flushed by the worker), "memory" (per web process) or "off" (written in the request).
CROSSNOTE_VIEW_BUFFER = env("VIEW_BUFFER") or ("redis" if REDIS_URL else "memory")
if CROSSNOTE_VIEW_BUFFER not in {"redis", "memory", "off"}:
    raise ImproperlyConfigured("CROSSNOTE_VIEW_BUFFER must be redis, memory or off.")
CROSSNOTE_VIEW_FLUSH_SECONDS = float(env("VIEW_FLUSH_SECONDS") or 1.0)
if CROSSNOTE_VIEW_BUFFER == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("CROSSNOTE_VIEW_BUFFER=redis needs REDIS_URL.")
CROSSNOTE_TIMELINE_STORE = env("TIMELINE_STORE") or ("redis" if REDIS_URL else "database")
CROSSNOTE_TIMELINE_LENGTH = env_int("TIMELINE_LENGTH", 800)
# Authors with more followers than this are not fanned out on write; followers pull their
# notes at read time instead (see crossnote/feeds/following.py).
CROSSNOTE_FANOUT_LIMIT = env_int("FANOUT_LIMIT", 20_000)

# --- Live channel (crossnote/live, docs/LIVE.md) ----------------------------------------------
# Where events wait for their streams: a table on the laptop profile, Redis at scale.
CROSSNOTE_LIVE_BACKEND = env("LIVE_BACKEND") or ("redis" if REDIS_URL else "database")
# A stream ends after this long and the browser reconnects (each open stream holds a thread).
CROSSNOTE_LIVE_STREAM_SECONDS = float(env("LIVE_STREAM_SECONDS") or 25)
# Streams per process that may wait at once; beyond that a client polls every BUSY_RETRY.
CROSSNOTE_LIVE_MAX_STREAMS = env_int("LIVE_MAX_STREAMS", 4)
CROSSNOTE_LIVE_RETRY_SECONDS = float(env("LIVE_RETRY_SECONDS") or 1)
CROSSNOTE_LIVE_BUSY_RETRY_SECONDS = float(env("LIVE_BUSY_RETRY_SECONDS") or 15)
# How far back a reconnect can replay.
CROSSNOTE_LIVE_BACKLOG_SECONDS = env_int("LIVE_BACKLOG_SECONDS", 300)
# How often a waiting stream looks at the backlog without a wake-up: events from another
# process reach it this late at most on the database backend; with Redis a wake-up comes
# through pub/sub and this only covers one lost while the subscriber reconnected.
CROSSNOTE_LIVE_POLL_SECONDS = float(env("LIVE_POLL_SECONDS") or (5 if REDIS_URL else 1))
CROSSNOTE_LIVE_MAX_EVENT_BYTES = env_int("LIVE_MAX_EVENT_BYTES", 8192)
# Web Push (crossnote/live/push.py): the VAPID private key as a PEM or a path to one; unset,
# one is generated once into DATA_DIR/vapid_private.pem. The subject is the contact push
# services see (a mailto: or https: address of whoever runs the site).
CROSSNOTE_VAPID_PRIVATE_KEY = env("VAPID_PRIVATE_KEY") or ""
CROSSNOTE_VAPID_SUBJECT = env("VAPID_SUBJECT") or "mailto:crossnote@localhost"
CROSSNOTE_PUSH_TTL_SECONDS = env_int("PUSH_TTL_SECONDS", 86_400)
CROSSNOTE_PUSH_TIMEOUT_SECONDS = float(env("PUSH_TIMEOUT_SECONDS") or 5)
# Only for a stand-in push service on this machine (tests): allows http:// and local addresses.
CROSSNOTE_PUSH_ALLOW_HTTP = env_bool("PUSH_ALLOW_HTTP", False)
# Likes, collects and follows of the same thing within this many hours show as one line.
CROSSNOTE_NOTIFICATION_GROUP_HOURS = env_int("NOTIFICATION_GROUP_HOURS", 24)

# --- Safety ------------------------------------------------------------------------------
CROSSNOTE_RATE_LIMITS = env_bool("RATE_LIMITS", True)
# Words that make a comment's author see "Are you sure?" first (they can still post).
CROSSNOTE_NUDGE_WORDS = env("NUDGE_WORDS") or (
    "idiot,stupid,shut up,loser,ugly,go back to your country,"
    "傻逼,傻瓜,白痴,蠢货,滚,丑八怪,去死,滚回去"
)
# Whether hashtags need a moderator's approval before they trend, until staff change it in
# the admin (moderation.SiteSettings): only the first value the site ever reads.
CROSSNOTE_TRENDING_REVIEW = env_bool("TRENDING_REVIEW", False)
# Proxies (addresses or networks) whose X-Forwarded-For header is believed.
CROSSNOTE_TRUSTED_PROXIES = [p for p in (env("TRUSTED_PROXIES") or "").split(",") if p.strip()]

# --- Search ------------------------------------------------------------------------------
# Search is hybrid: the full-text match fused with the notes nearest in meaning (a
# multilingual sentence encoder, crossnote.search.meaning). Off: words only, as before.
CROSSNOTE_SEARCH_MEANING = env_bool("SEARCH_MEANING", True)
# Whether the full-text half also searches the query's dictionary translation (OfflineEngine).
CROSSNOTE_SEARCH_DICTIONARY = env_bool("SEARCH_DICTIONARY", True)
# Cosine similarity below which a note is not "close in meaning" (search, more like this):
# keeps a nonsense query from returning random notes. Tuned on bench/meaning_pairs.tsv.
CROSSNOTE_SEARCH_MIN_SIMILARITY = float(env("SEARCH_MIN_SIMILARITY") or 0.18)

# --- Translation -------------------------------------------------------------------------
# Engines in order of preference; the offline dictionary engine is always the last resort.
CROSSNOTE_TRANSLATION_ENGINES = env("TRANSLATION_ENGINES") or "offline"
CROSSNOTE_TRANSLATION_DEADLINE = float(env("TRANSLATION_DEADLINE") or 3.0)
CROSSNOTE_LIBRETRANSLATE_URL = env("LIBRETRANSLATE_URL") or ""
CROSSNOTE_LIBRETRANSLATE_API_KEY = env("LIBRETRANSLATE_API_KEY") or ""
CROSSNOTE_DEEPL_API_KEY = env("DEEPL_API_KEY") or ""
CROSSNOTE_DEEPL_URL = env("DEEPL_URL") or ""
CROSSNOTE_LLM_URL = env("LLM_URL") or ""  # any OpenAI-compatible endpoint (Ollama, vLLM, …)
CROSSNOTE_LLM_MODEL = env("LLM_MODEL") or ""
CROSSNOTE_LLM_API_KEY = env("LLM_API_KEY") or ""

# --- Meaning (sentence embeddings, crossnote/search/meaning.py) ----------------------------
# numpy threads per process for embedding: a worker's batch must not starve the web process.
CROSSNOTE_EMBEDDING_THREADS = env_int("EMBEDDING_THREADS", 1)
# Notes embedded per encoder call by the background task and `crossnote embed_notes`.
CROSSNOTE_EMBEDDING_BATCH = env_int("EMBEDDING_BATCH", 64)

# --- Background tasks ----------------------------------------------------------------------
# One interface (crossnote.core.tasks), two engines: an embedded queue in a SQLite file that
# `crossnote run_huey` consumes, or Redis with a pool of consumer workers.
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "crossnote",
        "url": redis_queue_url(REDIS_URL),
        "read_timeout": _QUEUE_READ_TIMEOUT,
        "immediate": env_bool("TASKS_IMMEDIATE"),
        "consumer": {"workers": env_int("WORKERS", 4), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "crossnote",
        "filename": str(DATA_DIR / "tasks.sqlite3"),
        "immediate": env_bool("TASKS_IMMEDIATE"),
        "consumer": {"workers": env_int("WORKERS", 2), "worker_type": "thread"},
    }

# --- Accounts ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The address links in emails start with (https://crossnote.example). Unset: the address the
# request came in on, which ALLOWED_HOSTS has already vetted.
CROSSNOTE_SITE_URL = (env("SITE_URL") or "").rstrip("/")
# A password reset link works this long, and only until the password changes.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

# --- Email -------------------------------------------------------------------------------


def _email_settings(url: str | None) -> dict[str, object]:
    """Django's email settings from CROSSNOTE_EMAIL_URL.

    smtp://user:password@host:587 (STARTTLS unless ?tls=0), smtps://user:password@host:465
    (TLS from the start), console:// (printed), file:///some/folder. Unset: every email is
    written as a file under DATA_DIR/emails, so a laptop needs no mail server.
    """
    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(DATA_DIR / "emails"),
        }
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path) or str(DATA_DIR / "emails"),
        }
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            "CROSSNOTE_EMAIL_URL must be smtp://, smtps://, console:// or file://"
        )
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps"
    plain = query.get("tls", "1").lower() in {"0", "false", "no", "off"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if ssl else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": ssl,
        "EMAIL_USE_TLS": not ssl and not plain,
        "EMAIL_TIMEOUT": 10,
    }


# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, … as module-level settings, as Django reads them.
globals().update(_email_settings(env("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env("EMAIL_FROM") or "Crossnote <noreply@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Media -------------------------------------------------------------------------------
MEDIA_ROOT = Path(env("MEDIA_ROOT") or DATA_DIR / "media")
MEDIA_URL = "/media/"
# Empty: Django sends photo files itself. Set (e.g. "/_media/") when nginx serves an
# `internal` location of that name aliased to MEDIA_ROOT: Django checks who may see each
# photo and answers with X-Accel-Redirect, nginx sends the bytes (see crossnote.media.views).
CROSSNOTE_MEDIA_ACCEL_PREFIX = (
    f"/{accel.strip('/')}/" if (accel := env("MEDIA_ACCEL_PREFIX")) else ""
)
CROSSNOTE_MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
CROSSNOTE_MAX_PIXELS = env_int("MAX_PIXELS", 40_000_000)
# Video notes (crossnote.media.video_*): one video per note, uploaded resumably (tus) into
# CROSSNOTE_UPLOADS_ROOT, probed, then transcoded by the worker in a child process whose CPU
# time and address space are capped, so one hostile or huge file cannot starve the others.
CROSSNOTE_VIDEO_MAX_BYTES = env_int("VIDEO_MAX_BYTES", 1024 * 1024 * 1024)
CROSSNOTE_VIDEO_MAX_SECONDS = env_int("VIDEO_MAX_SECONDS", 600)
CROSSNOTE_VIDEO_JOB_CPU_SECONDS = env_int("VIDEO_JOB_CPU_SECONDS", 3600)
CROSSNOTE_VIDEO_JOB_MEMORY_MB = env_int("VIDEO_JOB_MEMORY_MB", 4096)
CROSSNOTE_VIDEO_PRESET = env("VIDEO_PRESET") or "veryfast"  # libx264's speed/size trade-off
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 40

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Language ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Feeds -------------------------------------------------------------------------------
# One note in this many on a Discover page is chosen by meaning (near the viewer's taste, in
# any language, crossnote/feeds/taste.py); 0 turns that off.
CROSSNOTE_DISCOVER_MEANING_EVERY = env_int("DISCOVER_MEANING_EVERY", 5)

# --- Security ------------------------------------------------------------------------------
LOGIN_URL = "web:login"
# No inline scripts anywhere: every script is a file of ours. Inline style *attributes* are
# allowed (a card's placeholder colour); <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Media in an S3-compatible object store when configured (crossnote.media.s3, docs/STORAGE.md):
# browsers then load photos and videos from the store's presigned addresses.
CROSSNOTE_S3 = s3_options(os.environ)
if CROSSNOTE_S3:
    STORAGES["default"] = {"BACKEND": "crossnote.media.s3.MediaS3Storage", "OPTIONS": CROSSNOTE_S3}
    _media_origins = media_origins(CROSSNOTE_S3)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += _media_origins
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"] = ["'self'", *_media_origins]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    # On by default so `check --deploy` passes; turn off if a subdomain still speaks plain HTTP.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL") or "INFO"},
    "loggers": {
        "jieba": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},  # one INFO line per engine request is noise
        "faiss": {"level": "WARNING"},  # which CPU build it loaded, at every start
        # The consumer adds a handler of its own; propagating too would print every line twice.
        "huey": {"level": env("TASK_LOG_LEVEL") or "INFO", "propagate": False},
    },
}
CROSSNOTE_ORIGINALS_ROOT = Path(env("ORIGINALS_ROOT") or DATA_DIR / "originals")
# Unfinished resumable uploads: private, like originals; swept after a day.
CROSSNOTE_UPLOADS_ROOT = Path(env("UPLOADS_ROOT") or DATA_DIR / "uploads")
# Imported archives (crossnote.imports): private, one folder per import, deleted when it ends.
# Every cap is counted on the bytes actually received or decompressed, never on a header.
CROSSNOTE_IMPORTS_ROOT = Path(env("IMPORTS_ROOT") or DATA_DIR / "imports")
CROSSNOTE_IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 4 * 1024**3)
CROSSNOTE_IMPORT_MAX_MEMBERS = env_int("IMPORT_MAX_MEMBERS", 50_000)
CROSSNOTE_IMPORT_MAX_TOTAL_BYTES = env_int("IMPORT_MAX_TOTAL_BYTES", 16 * 1024**3)
CROSSNOTE_IMPORT_MAX_MEMBER_BYTES = env_int("IMPORT_MAX_MEMBER_BYTES", 1024**3)
CROSSNOTE_IMPORT_MAX_JSON_BYTES = env_int("IMPORT_MAX_JSON_BYTES", 256 * 1024**2)
CROSSNOTE_IMPORT_MAX_RATIO = env_int("IMPORT_MAX_RATIO", 200)
# Data exports (crossnote.exports): ZIP files only their owner may download, so private like
# originals; deleted CROSSNOTE_EXPORT_DAYS after they are ready.
CROSSNOTE_EXPORTS_ROOT = Path(env("EXPORTS_ROOT") or DATA_DIR / "exports")
CROSSNOTE_EXPORT_DAYS = env_int("EXPORT_DAYS", 7)
# An account whose deletion was asked for is deleted after this many days, unless its owner
# logs in before (crossnote.accounts.deletion).
CROSSNOTE_DELETION_GRACE_DAYS = env_int("DELETION_GRACE_DAYS", 14)
