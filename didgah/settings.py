"""Didgah settings: one module, configured from the environment.

The embedded default (SQLite in WAL mode under DATA_DIR, in-process cache) needs no
configuration at all; DATABASE_URL and REDIS_URL choose the scale-out path, and
PRODUCTION=1 turns on the HTTPS-only settings that `check --deploy` asks for.
"""

import atexit
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("DATA_DIR") or BASE_DIR / "var")
DATA_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env_bool("PRODUCTION")
# Under pytest the hashed-name static storage would need `collectstatic` first.
TESTING = env_bool("TESTING") or "pytest" in Path(sys.argv[0]).name or "pytest" in sys.argv[0]
DEBUG = env_bool("DEBUG", default=False)


def _test_dir(prefix: str) -> Path:
    """A new directory, removed when this process exits."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, True)
    return path


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR.

    Keeping it on disk means `make run` twice keeps sessions valid without anyone
    having to invent a key; production sets SECRET_KEY explicitly.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(64)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = _("دیدگاه")

INSTALLED_APPS = [
    # Before the admin: its ready() puts the admin's dates in Solar Hijri
    # (common/admin_jalali.py) before the admin makes every app's ModelAdmin.
    "didgah.common",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # django-axes with a Persian name in the admin.
    "didgah.accounts.apps.AxesConfig",
    "csp",
    # Country names in Persian (its locale is read only for an installed app).
    "django_countries",
    # The article editor's ProseMirror build, served from our static files
    # (didgah/news/editor.py loads it without the package's inline import map).
    "django_prose_editor",
    "didgah.news",
    "didgah.accounts",
    "didgah.community",
    # Replies, mentions, followed threads, moderators' decisions: above community and accounts.
    "didgah.notifications",
    # Open article pages updated as comments and votes come (Server-Sent Events), above community.
    "didgah.live",
    "didgah.ingest",
    "didgah.search",
    "didgah.api",
    "didgah.feeds",
    # Moving in from WordPress and Disqus, and the old addresses that lead to what came in.
    "didgah.redirects",
    "didgah.imports",
    # The production profile's nginx: client address, views served from its cache.
    "didgah.edge",
]

MIDDLEWARE = [
    # One page cache (didgah/common/pagecache.py): pages the same for everyone are
    # stored here, finished (compressed, with their headers), and answered from the
    # cache by FetchFromCacheMiddleware below.
    "didgah.common.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Oversized bodies (by Content-Length, unread) and form bodies that are not UTF-8
    # are refused before any view (didgah/common/bodies.py).
    "didgah.common.bodies.RequestBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed (from a kilobyte up) and carry an ETag; static files get both from WhiteNoise.
    "didgah.common.http.GZipMiddleware",
    "didgah.common.http.ConditionalGetMiddleware",
    # A stored page is answered here (when PAGE_CACHE_STORE), before the middleware
    # below: sessions, CSRF, auth, messages and the security headers only matter to a
    # page being made, and a stored page already carries what they added. Django puts
    # it last so that a page may vary on what they read; a shared page never does.
    *(["django.middleware.cache.FetchFromCacheMiddleware"] if env_bool("PAGE_CACHE_STORE", True) else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Old addresses (an imported site's permalinks) answered with a 301; it reads its
    # table only for what would otherwise be a 404 (didgah/redirects/middleware.py).
    "didgah.redirects.middleware.RedirectFallbackMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, skipping redirects (didgah/common/http.py).
    "didgah.common.http.CSPMiddleware",
    # Axes after every middleware that authenticates: it inspects the outcome.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "didgah.urls"
WSGI_APPLICATION = "didgah.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "didgah.common.context_processors.site",
                # The category menu in every page's header.
                "didgah.news.context_processors.nav",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
SQLITE_PATH = DATA_DIR / "didgah.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        # Kept open between requests: opening a SQLite file and setting its pragmas on
        # every request cost a large share of a small request's CPU.
        conn_max_age=600,
        # No "SELECT 1" before each request's first query (Django's default): on
        # PostgreSQL it was one round trip of the four or five a vote costs. A
        # connection the server dropped (a restart) fails one request per worker, and
        # Django then opens a new one.
        conn_health_checks=False,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write
        # lock at BEGIN so two writers queue on `timeout` instead of failing with
        # "database is locked" halfway through a transaction.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Parallel test runs (several developers, CI) each name their own test database.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DB_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# Two caches: "pages" for the page cache, "default" for the small entries (sessions
# (cached_db), readers' personal parts, rate limits, the view-count buffer). On the
# scale-out path both are Redis, which every process shares. On the embedded default
# both are Django's in-process cache: the site runs as one process of many threads
# (didgah/serve.py), so every request sees the same cache, and a cached page costs no
# store outside the process; the same process runs the periodic jobs that read it
# (PERIODIC_JOBS_IN_WEB).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_MIDDLEWARE_ALIAS = "pages"
if REDIS_URL:
    _REDIS_CACHE = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "didgah"),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
    CACHES = {"default": _REDIS_CACHE,
              "pages": {**_REDIS_CACHE, "KEY_PREFIX": f"{_REDIS_CACHE['KEY_PREFIX']}-pages"}}
else:
    # Each in-process store culls its own least recently used third when full, so they
    # are kept apart: a crawler walking the archive pushes out pages, never a reader's
    # session, kept part or an uncounted view. Pages are large and live seconds, so few
    # are room enough; a reader keeps several small entries (a session, two versions,
    # their parts, a rate-limit window, an hour's "seen" keys), so thousands of readers
    # need many.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "didgah",
                    "OPTIONS": {"MAX_ENTRIES": 200_000}},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "didgah-pages",
                  "OPTIONS": {"MAX_ENTRIES": 2_000}},
    }
# Where the periodic jobs (common/periodic.py) run: in the web process when its cache is
# its own, since the view buffer they flush lives there; else in the scheduler process.
PERIODIC_JOBS_IN_WEB = not REDIS_URL

# A new comment, vote or edit reaches every reader's page within this many seconds
# (plus the counters' fold); its author sees it at once through their personal request.
# Off under tests, which enable it where they test it.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if TESTING else "5"))
CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
# Off in the production profile (didgah/prod.py), where nginx keeps the pages Django
# marks as shared; on, Django's cache keeps them and answers from them (MIDDLEWARE above).
PAGE_CACHE_STORE = env_bool("PAGE_CACHE_STORE", True)

# Django 6 makes https the default scheme of URL form fields; opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Auth -----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's, its limit written in Persian digits.
    {"NAME": "didgah.accounts.passwords.MinimumLength"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Checks nothing: revokes the reader's API tokens whenever their password changes.
    {"NAME": "didgah.accounts.passwords.RevokeOnPasswordChange"},
]
if TESTING:
    # A password hash is meant to be slow; the suite signs readers up and in by the hundred,
    # and only its speed would pay for that (Django's own advice for faster tests).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Failed sign-ins lock out for an hour. Per username and address: enough tries for
# typos, too few for guessing one password. Per address alone as well, with more
# room (several readers behind one NAT mistyping on the same day): one address trying
# a password against many accounts (spraying) is stopped too. Axes has one limit for
# every parameter; accounts.lockout.LockoutHandler gives the address its own.
AXES_HANDLER = "didgah.accounts.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "didgah.accounts.lockout.lockout_username"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("AXES_FAILURE_LIMIT_PER_ADDRESS", "20"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# A Persian page instead of axes' English line.
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Times are stored in UTC and shown in Tehran time (UTC+03:30 all year since 2023).
TIME_ZONE = "Asia/Tehran"

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or DATA_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600

# --- Request bodies -------------------------------------------------------------------
# The largest form a reader sends is a comment (10,000 characters, about 90 KB once a
# browser has percent-encoded Persian letters); nothing on the site takes files. Bodies
# above MAX_REQUEST_BODY_BYTES are refused from their Content-Length before being read
# (didgah/common/bodies.py), as nginx's client_max_body_size does in production.
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
# A file part larger than this goes to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# --- E-mail ---------------------------------------------------------------------------
# The embedded default writes mail to files under DATA_DIR/mail; EMAIL_HOST selects SMTP.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
# The sender is named as the reader knows the site, in Persian (docs/glossary.md).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "دیدگاه <no-reply@didgah.example>")

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Django's own: sessions are written to the database and read from the cache first.
# The cache must be one that every process serving requests shares (Redis, or the
# threads of one process): a per-process cache would keep a signed-out session alive
# in the other processes.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the form, not the cookie.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Pages carry no inline script or style; embedded videos come only from the allow-listed
# hosts below, which is why frame-src names them.
VIDEO_EMBED_HOSTS = env_list(
    "VIDEO_EMBED_HOSTS",
    "www.youtube.com,youtube.com,m.youtube.com,youtu.be,www.youtube-nocookie.com,www.aparat.com,aparat.com,"
    "vimeo.com,www.vimeo.com,player.vimeo.com",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "https:", "data:"],
        "media-src": ["'self'", "https:"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://www.aparat.com", "https://player.vimeo.com"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The port of the embedded default's stream server (didgah/serve.py sets it), on the
# page's own host; empty where streams are on the page's origin (nginx routes /live/).
LIVE_PUBLIC_PORT = os.environ.get("LIVE_PUBLIC_PORT", "")
if LIVE_PUBLIC_PORT:
    # The site's own host names on that port, not any host's (a leading dot in
    # ALLOWED_HOSTS is CSP's "*."; an IPv6 literal has no CSP form and is left out).
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"] = ["'self'", *(
        f"{'*' + host if host.startswith('.') else host}:{int(LIVE_PUBLIC_PORT)}"
        for host in ALLOWED_HOSTS if not host.startswith("["))]

# --- Site behaviour -------------------------------------------------------------------
# Twenty is what fits above the fold twice on a phone without a second request.
ARTICLES_PER_PAGE = int(os.environ.get("ARTICLES_PER_PAGE", "20"))
SIDEBAR_SIZE = 10
# Parts of pages that are the same for every reader and change only through the
# editors (an article as written, the category menu) are rendered once and kept this
# long; an article's own edits show at once (its updated_at is in the key), a renamed
# category, tag or source within this time. Off under tests, which see every change.
FRAGMENT_SECONDS = int(os.environ.get("FRAGMENT_SECONDS", "0" if TESTING else "300"))
# A new article reaches the sidebar's latest list within this many seconds, as it
# reaches a visitor's cached page (the rendered list is shared by every page).
SIDEBAR_LATEST_SECONDS = int(os.environ.get("SIDEBAR_LATEST_SECONDS", "0" if TESTING else "5"))

# --- The apps' own settings, from the environment -------------------------------------
# Each app reads its settings through its conf.py, `getattr(settings, NAME, default)`;
# the defaults, and why they are what they are, are written there beside each one. Any
# of them may be set here instead; this table names those the environment may set and
# how the text is read, once, at start-up. Unset or empty keeps the app's default.
APP_SETTINGS_FROM_ENV = {
    # accounts
    "REGISTRATIONS_PER_IP_PER_HOUR": int,
    "EMAIL_VERIFY_DAYS": int,
    "COMMUNITY_REQUIRE_VERIFIED_EMAIL": bool,
    "PASSWORD_RESETS_PER_CLIENT_PER_HOUR": int,
    "PASSWORD_RESETS_PER_EMAIL_PER_HOUR": int,
    "MAIL_MAX_ATTEMPTS": int,
    # api
    "API_PAGE_SIZE": int,
    "API_READS_PER_MINUTE_ANON": int,
    "API_READS_PER_MINUTE_READER": int,
    "API_WRITES_PER_MINUTE": int,
    "API_TOKENS_PER_READER": int,
    # community
    "COMMENT_MODERATION": str,
    "COMMENT_MODERATION_THRESHOLD": int,
    "COMMENT_MAX_LENGTH": int,
    "COMMENT_MAX_DEPTH": int,
    "COMMENT_EDIT_MINUTES": int,
    "COMMENTS_PER_PAGE": int,
    "COMMENT_RATE_PER_MINUTE": int,
    "COMMENT_RATE_PER_HOUR": int,
    "VOTE_RATE_PER_MINUTE": int,
    "REPORT_RATE_PER_HOUR": int,
    "COMMENT_DUPLICATE_SECONDS": int,
    "SIDEBAR_VOTED_DAYS": int,
    "SIDEBAR_VIEWED_DAYS": int,
    "SIDEBAR_COMMENTED_DAYS": int,
    "WORD_RULES_CACHE_SECONDS": int,
    "SIDEBAR_CACHE_SECONDS": int,
    "VIEW_DEDUP_SECONDS": int,
    "VIEW_FLUSH_SECONDS": int,
    "COUNTER_FOLD_SECONDS": float,
    "COMMUNITY_BANNED_WORDS": list,
    "COMMUNITY_SUSPECT_WORDS": list,
    # feeds
    "FEED_ITEMS": int,
    "SITEMAP_PAGE_SIZE": int,
    "NEWS_SITEMAP_DAYS": int,
    "NEWS_SITEMAP_LIMIT": int,
    # ingest
    "INGEST_ALLOW_PRIVATE": bool,
    "INGEST_USER_AGENT": str,
    "INGEST_REDIS_URL": str,
    "INGEST_MAX_BYTES": int,
    "INGEST_PAGE_MAX_BYTES": int,
    "INGEST_CONNECT_TIMEOUT": float,
    "INGEST_READ_TIMEOUT": float,
    "INGEST_TOTAL_TIMEOUT": float,
    "INGEST_POLL_BUDGET": float,
    "INGEST_MAX_REDIRECTS": int,
    "INGEST_DEFAULT_INTERVAL": int,
    "INGEST_MAX_BACKOFF": int,
    "INGEST_SIMHASH_DISTANCE": int,
    "INGEST_CLUSTER_DAYS": int,
    "INGEST_LEAD_CHARS": int,
    # search
    "SEARCH_RECENCY_DAYS": float,
    "SEARCH_TITLE_WEIGHT": float,
    "SEARCH_RESULTS_PER_PAGE": int,
    "SEARCH_MAX_PAGES": int,
    "SEARCH_RELEVANCE_PAGES": int,
    "SEARCH_RANK_CANDIDATES": int,
    "SEARCH_EXACT_COUNT_MAX": int,
    "SEARCH_FUZZY_THRESHOLD": float,
    "SEARCH_CANDIDATES": int,
    "SEARCH_PAGE_SECONDS": int,
}


def _app_settings_from_env() -> dict:
    values = {}
    for name, kind in APP_SETTINGS_FROM_ENV.items():
        raw = os.environ.get(name, "").strip()
        if not raw:
            continue
        if kind is bool:
            values[name] = env_bool(name)
        elif kind is list:
            values[name] = env_list(name, "")
        else:
            try:
                values[name] = kind(raw)
            except ValueError:
                # At start-up, by name, rather than on the first request that reads it.
                raise ImproperlyConfigured(f"{name}={raw!r} is not a {kind.__name__}") from None
    return values


globals().update(_app_settings_from_env())

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A request for a host not in ALLOWED_HOSTS is a scanner or a misconfigured client:
    # one line each, not a traceback.
    "filters": {"one_line": {"()": "didgah.common.bodies.OneLineRefusal"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.security.DisallowedHost": {"filters": ["one_line"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
