"""Django settings for Wijkpartner.

All configuration comes from environment variables read through `config.env.env`; see
docs/configuration.md. With nothing set, the app runs in development mode on SQLite.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DJANGO_ENV = env(
    "DJANGO_ENV",
    "development",
    "`development` (default: debug on, SQLite, mail to the console) or `production` "
    "(refuses to start without a real secret key and allowed hosts; secure cookies, HSTS).",
)
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    _DEV_SECRET_KEY,
    "Secret key for signing sessions and tokens. Required in production: at least 50 random characters.",
)
DEBUG = env("DJANGO_DEBUG", not PRODUCTION, "Show debug pages. Defaults to on in development, off in production.", bool)
ALLOWED_HOSTS = env(
    "DJANGO_ALLOWED_HOSTS",
    [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"],
    "Comma-separated host names the app answers to. Required in production.",
    list,
)
CSRF_TRUSTED_ORIGINS = env(
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    [],
    "Comma-separated origins (https://wijkpartner.gemeente.nl) trusted for form posts behind a proxy.",
    list,
)

if PRODUCTION:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("Production needs DJANGO_SECRET_KEY: at least 50 random characters.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs DJANGO_ALLOWED_HOSTS (comma-separated host names).")
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "core",
    "accounts",
    "neighbourhoods",
    "partnerships",
    "policies",
    "wijkkompas",
    "agreements",
    "meetings",
    "documents",
    "notifications",
    "audit",
    "overview",
    "rest_framework",
    "drf_spectacular",
    "api",
    "demo",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the session: the API never uses the login session (api/middleware.py).
    "api.middleware.ApiMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so that it also sees the responses of the middleware below.
    "core.cache_control.PrivateNoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: forms on the partnership page answer in place (see core.views.InlineFormMixin).
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last, as its documentation asks: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.site",
                "neighbourhoods.context_processors.municipality",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL points elsewhere (postgres://... in production).
VAR_DIR.mkdir(exist_ok=True)
DATABASE_URL = env(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'wijkpartner.sqlite3'}",
    "Database, e.g. `postgres://user:password@host:5432/wijkpartner`. Defaults to SQLite in var/.",
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env("DATABASE_CONN_MAX_AGE", 60, "Seconds a database connection is kept open for reuse.", int),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the dashboard's aggregates on every request: 4x slower here.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first so that a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # Like the name or the address before the @ (not its domain: a passphrase may share words with
    # the municipality's mail domain); Django's length check with messages that have a Dutch translation.
    {"NAME": "accounts.password_validation.PersonalSimilarityValidator"},
    {"NAME": "accounts.password_validation.LengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Common Dutch passwords (wachtwoord123, welkom01, voorjaar2024), beside Django's English list.
    {"NAME": "accounts.password_validation.DutchCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# "Forgot your password" mails per hour (accounts/password_reset.py); over a limit nothing is sent
# and the page says the same as always.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env(
    "PASSWORD_RESET_LIMIT_PER_ADDRESS",
    3,
    "Password reset requests per hour for one email address; more are answered as usual but send no mail.",
    int,
)
PASSWORD_RESET_LIMIT_PER_CLIENT = env(
    "PASSWORD_RESET_LIMIT_PER_CLIENT",
    20,
    "Password reset requests per hour from one client address (see AXES_PROXY_COUNT), for any addresses; more "
    "are answered as usual but send no mail.",
    int,
)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "overview:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor authentication (TOTP with recovery codes, django-otp).
OTP_REQUIRED_ROLES = env(
    "OTP_REQUIRED_ROLES",
    ["beheerder"] if PRODUCTION else [],
    "Comma-separated roles that must use two-factor authentication (beheerder, medewerker, lezer, "
    "coordinator). Defaults to beheerder in production and none in development (so the demo logins work "
    "without an authenticator app). Anyone may enable it for their own account.",
    list,
)
OTP_TOTP_ISSUER = "Wijkpartner"

# Single sign-on for municipal staff through OpenID Connect (accounts/oidc.py, NL GOV Assurance
# profile): authorization code flow with PKCE; coordinators keep the app's own login.
OIDC_ENABLED = env("OIDC_ENABLED", False, "Staff sign in through the municipality's OpenID Provider (SSO).", bool)
OIDC_ISSUER = env(
    "OIDC_ISSUER",
    "",
    "Issuer identifier of the OpenID Provider (https://login.gemeente.nl/realms/medewerkers); must match "
    "`iss` in its discovery document and ID tokens.",
)
OIDC_DISCOVERY_URL = env(
    "OIDC_DISCOVERY_URL",
    "",
    "Address of the provider's discovery document; defaults to OIDC_ISSUER + `/.well-known/openid-configuration`.",
)
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", "", "Client identifier of Wijkpartner at the OpenID Provider.")
OIDC_TOKEN_AUTH_METHOD = env(
    "OIDC_TOKEN_AUTH_METHOD",
    "private_key_jwt",
    "How Wijkpartner authenticates at the token endpoint: `private_key_jwt` (NL GOV profile; needs "
    "OIDC_CLIENT_PRIVATE_KEY_FILE, public key at /accounts/inloggen/sso/sleutels/), `client_secret_basic` or "
    "`client_secret_post` (need OIDC_CLIENT_SECRET).",
)
OIDC_CLIENT_PRIVATE_KEY_FILE = env(
    "OIDC_CLIENT_PRIVATE_KEY_FILE",
    "",
    "PEM file with Wijkpartner's RSA private key (2048 bits or more) for `private_key_jwt`.",
)
OIDC_CLIENT_SECRET = env(
    "OIDC_CLIENT_SECRET", "", "Client secret, for `client_secret_basic` or `client_secret_post` only."
)
OIDC_SCOPES = env(
    "OIDC_SCOPES",
    ["openid", "email", "profile"],
    "Comma-separated scopes to ask for (`openid` is always added); add the provider's scope for the groups "
    "claim if it has one.",
    list,
)
OIDC_SUBJECT_CLAIM = env(
    "OIDC_SUBJECT_CLAIM",
    "sub",
    "Claim that identifies a person for good (matched with the issuer); never a name or e-mail address.",
)
OIDC_ROLE_CLAIM = env(
    "OIDC_ROLE_CLAIM",
    "groups",
    "Claim with the person's groups or roles (a list or a string; dots for nested claims: `realm_access.roles`).",
)
OIDC_ROLE_MAPPING = env(
    "OIDC_ROLE_MAPPING",
    [],
    "Comma-separated `group=role` pairs (`wp-beheer=beheerder,wp-medewerker=medewerker,wp-lezer=lezer`). "
    "Someone in several groups gets the highest role; in none, no access.",
    list,
)
OIDC_ALLOWED_DOMAINS = env(
    "OIDC_ALLOWED_DOMAINS",
    [],
    "Comma-separated e-mail domains (`gemeente.nl`) whose staff get an account at their first SSO sign-in.",
    list,
)
OIDC_ALLOWED_GROUPS = env(
    "OIDC_ALLOWED_GROUPS",
    [],
    "Comma-separated groups whose members get an account at their first SSO sign-in, whatever their domain.",
    list,
)
OIDC_LINK_EXISTING_ACCOUNTS = env(
    "OIDC_LINK_EXISTING_ACCOUNTS",
    False,
    "At a first SSO sign-in, take over an existing staff account with the same, provider-verified e-mail "
    "address in an allowed domain (once; from then on the subject is matched). Off: such a sign-in is refused.",
    bool,
)
OIDC_STAFF_PASSWORD_LOGIN = env(
    "OIDC_STAFF_PASSWORD_LOGIN",
    False,
    "With SSO on: may staff still log in with a password? Off (default): only coordinators use the password form.",
    bool,
)
OIDC_ACR_VALUES = env(
    "OIDC_ACR_VALUES",
    [],
    "Comma-separated acceptable authentication levels (`acr`), asked for and required in the ID token; empty: "
    "not checked.",
    list,
)
OIDC_CLOCK_SKEW_SECONDS = env(
    "OIDC_CLOCK_SKEW_SECONDS", 60, "Seconds of clock difference allowed when checking ID token times.", int
)
OIDC_TIMEOUT_SECONDS = env("OIDC_TIMEOUT_SECONDS", 10, "Seconds to wait for the OpenID Provider.", int)

# django-axes: lock a username (from any address) after repeated failures, and lock an address
# that fails for many usernames (password spraying). Behind a proxy set AXES_PROXY_COUNT, or
# every user shares the proxy's address.

# django-axes: lock a username after repeated failures, from whatever address they come. Not an
# address: many colleagues share one (the proxy, or the municipality's NAT), and one person's typos
# or an attacker's guesses from there would lock out everyone behind it. Spraying one password over
# many accounts is held back by the per-account limit, the password validators (common English and
# Dutch passwords are refused) and two-factor authentication; see docs/decisions.md.
AXES_FAILURE_LIMIT = env("AXES_FAILURE_LIMIT", 5, "Failed logins before an account is locked.", int)
AXES_COOLOFF_TIME = timedelta(minutes=env("AXES_COOLOFF_MINUTES", 15, "Minutes a locked login stays locked.", int))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address among the lockout parameters; leaving it out is the point (above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# The client's address (axes' records, the security log, the password reset's limit), through django-ipware as axes
# uses it. Each reverse proxy appends the address it got the request from to X-Forwarded-For, so
# with N proxies the client is the N-th entry from the right; entries further left are whatever the
# client sent and are ignored. django-ipware counts only the proxies listed in the header (the one
# nearest to the app is REMOTE_ADDR, not in the header), hence N - 1. Without a proxy only the
# socket address counts: X-Forwarded-For would be the client's own claim.
_PROXY_COUNT = env(
    "AXES_PROXY_COUNT",
    0,
    "Number of reverse proxies in front of the app, each appending the address it received the request from "
    "to X-Forwarded-For (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`). The client "
    "address is then the N-th entry from the right. 0: no proxy, the socket address is the client's. Logins are "
    "locked per account, never per address; the security log and the password reset's per-client limit use "
    "the address.",
    int,
)
if _PROXY_COUNT > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    AXES_IPWARE_PROXY_COUNT = _PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
AXES_IPWARE_PROXY_ORDER = "left-most"
# Not strict: a client (or its own office proxy) may send an X-Forwarded-For of its own, which our
# proxy appends to; strict mode would then refuse the whole header instead of taking our proxy's entry.
IPWARE_STRICT = False

# Internationalisation: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media"), "Directory for uploaded files (never served directly)."))
CBS_IMPORT_MAX_ROWS = env(
    "CBS_IMPORT_MAX_ROWS",
    50000,
    "Most wijken and buurten one CBS import file may hold (the whole country is about 18,000); a larger file "
    "is refused with a message.",
    int,
)
SIGNED_SCAN_MAX_MB = env(
    "SIGNED_SCAN_MAX_MB", 10, "Largest signed agreement scan (PDF) that can be uploaded, in MB.", int
)
DOCUMENT_MAX_BYTES = env(
    "DOCUMENT_MAX_BYTES",
    20 * 1024 * 1024,
    "Largest document (PDF, Office, OpenDocument, image) that can be attached to a partnership, in bytes. "
    "A reverse proxy in front must accept request bodies at least this large (nginx: client_max_body_size).",
    int,
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The cache holds the map's drawings (neighbourhoods/map.py), under keys that change with the
# data, and the values of core.cache (pages' data, cached until a table it read is written). It
# must be shared by all workers of a server: a write in one worker bumps the version that the other
# checks. A file cache needs no extra service; REDIS_URL switches to Redis (needs `pip install
# redis`), which also serves several servers at once. `CACHE_DIR=memory` is a cache per process:
# for tests and a single-process runserver only.
CACHE_DIR = env(
    "CACHE_DIR",
    str(VAR_DIR / "cache"),
    "Directory of the cache shared by the workers of one server (map drawings, cached page data); `memory`: a "
    "cache per process (tests, one process only).",
)
REDIS_URL = env("REDIS_URL", "", "Redis for the cache instead of CACHE_DIR, e.g. `redis://127.0.0.1:6379/1`.")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
elif CACHE_DIR == "memory":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # 3,000 entries rather than Django's 300: the version tokens and the pages' data (a neighbourhood
    # page per neighbourhood and language) would otherwise be culled often. The file cache lists
    # its directory on every write, so not many more.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", "localhost", "SMTP server for outgoing mail (production).")
EMAIL_PORT = env("EMAIL_PORT", 25, "SMTP port.", int)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "", "SMTP user name, if the server needs one.")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "", "SMTP password, if the server needs one.")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", False, "Use STARTTLS for SMTP.", bool)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "wijkpartner@localhost", "Sender address of mail the app sends.")

# Sessions and security headers
SESSION_IDLE_MINUTES = env("SESSION_IDLE_MINUTES", 60, "Minutes without activity after which a login ends.", int)
SESSION_MAX_HOURS = env("SESSION_MAX_HOURS", 10, "Hours after logging in after which a login ends, active or not.", int)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from our own static files, no inline script;
# inline styles are allowed (the SVG map colours its areas), frames are refused everywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if OIDC_ENABLED and OIDC_ISSUER:
    # Logging out of SSO redirects the logout form's POST to the provider's end_session_endpoint.
    _oidc = urlsplit(OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_oidc.scheme}://{_oidc.netloc}")
X_FRAME_OPTIONS = "DENY"
_SSL_REDIRECT = env("DJANGO_SECURE_SSL_REDIRECT", True, "Production: redirect plain HTTP to HTTPS.", bool)
_HSTS_SECONDS = env("DJANGO_HSTS_SECONDS", 31536000, "Production: Strict-Transport-Security max-age in seconds.", int)
_BEHIND_TLS_PROXY = env(
    "DJANGO_BEHIND_TLS_PROXY", False, "Production: trust X-Forwarded-Proto=https from the reverse proxy.", bool
)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _SSL_REDIRECT
    SECURE_HSTS_SECONDS = _HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if _BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO", "Log level of the root logger.")},
    # WeasyPrint and fontTools narrate every PDF at INFO level; pikepdf announces itself on import.
    "loggers": {name: {"level": "WARNING"} for name in ["weasyprint", "weasyprint.progress", "fontTools", "pikepdf"]},
}

SITE_NAME = "Wijkpartner"
# Retention (docs/retention.md): `manage.py apply_retention` deletes what is older.
RETENTION_INVITATION_DAYS = env(
    "RETENTION_INVITATION_DAYS",
    90,
    "Days after expiring or being revoked that an unused coordinator invitation is deleted by `apply_retention`.",
    int,
)
RETENTION_SECURITY_EVENT_DAYS = env(
    "RETENTION_SECURITY_EVENT_DAYS",
    730,
    "Days security log events (logins, lockouts, exports, ...) are kept; `apply_retention` deletes older ones.",
    int,
)
SITE_URL = env(
    "SITE_URL",
    "",
    "Public address of the app (https://wijkpartner.gemeente.nl), for links in mail sent without a request "
    "(reminders, notifications; their unsubscribe header needs it).",
)
INVITATION_VALID_HOURS = env(
    "INVITATION_VALID_HOURS", 72, "Hours an invitation link for an initiative coordinator stays valid.", int
)
# "Needs attention" and the reminders (docs/reminders.md): how far ahead they look.
REVIEW_NOTICE_DAYS = env(
    "REVIEW_NOTICE_DAYS",
    30,
    'Days before a partnership\'s review date (herijken) that it appears under "needs attention" and in the '
    "reminders (past review dates always do).",
    int,
)
INVITATION_NOTICE_HOURS = env(
    "INVITATION_NOTICE_HOURS",
    48,
    'Hours before an unused coordinator invitation expires that it appears under "needs attention" and in the '
    "reminders of the person who sent it.",
    int,
)

# The open data API at /api/v1 (api/, docs/api.md).
API_ACCESS = env(
    "API_ACCESS",
    "off" if PRODUCTION else "public",
    "Open data API at /api/v1: `off` (every /api/ address answers 404), `public` (anyone may read it) or `key` "
    "(an API key a beheerder issues, sent in the X-Api-Key header; the OpenAPI document stays public). Defaults to "
    "off in production and public in development (and the demo).",
)
if API_ACCESS not in {"off", "public", "key"}:
    raise ImproperlyConfigured(f"API_ACCESS must be 'off', 'public' or 'key', not {API_ACCESS!r}.")
API_RATE_LIMIT = env(
    "API_RATE_LIMIT",
    "60/minute",
    "Requests to the open data API per client (per API key, else per address) as N/second, N/minute, N/hour or "
    "N/day; more get 429 Too Many Requests.",
)
if not re.fullmatch(r"\d+/(second|minute|hour|day|[smhd])", API_RATE_LIMIT):
    raise ImproperlyConfigured(f"API_RATE_LIMIT must look like 60/minute, not {API_RATE_LIMIT!r}.")
API_CONTACT_EMAIL = env(
    "API_CONTACT_EMAIL",
    DEFAULT_FROM_EMAIL if "." in DEFAULT_FROM_EMAIL.rpartition("@")[2] else "wijkpartner@example.org",
    "Contact address for users of the open data API (in its OpenAPI document). Defaults to DEFAULT_FROM_EMAIL, "
    "or a placeholder at example.org while that is a local address (as in development).",
)
API_CONTACT_URL = env(
    "API_CONTACT_URL",
    SITE_URL,
    "Web page for users of the open data API (in its OpenAPI document); defaults to SITE_URL, else the API's own host.",
)
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.access.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.access.ApiAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["api.access.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_METADATA_CLASS": None,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wijkpartner open data",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVERS": [{"url": "/api/v1", "description": "This installation"}],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.postprocess"],
    "ENUM_GENERATE_CHOICE_DESCRIPTION": True,
    "AUTHENTICATION_WHITELIST": [],  # the API key scheme is added by api.schema, only when keys are required
}
