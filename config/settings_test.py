"""Test settings: fast and strict (after Open Forms' conf/ci.py)."""

import atexit
import shutil
import tempfile
import warnings
from pathlib import Path

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Files that tests upload (logos, scans) go to a folder of this process, removed at its end, not var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="wijkpartner-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"handlers": [], "level": "CRITICAL"}}

# A naive datetime reaching the database is a bug.
warnings.filterwarnings(
    "error", r"DateTimeField .* received a naive datetime", RuntimeWarning, r"django\.db\.models\.fields"
)
WHITENOISE_AUTOREFRESH = True

# Two-factor authentication is tested on its own (accounts/tests/test_two_factor.py); elsewhere
# logins need only the password.
OTP_REQUIRED_ROLES = []
# No waiting between code attempts in tests (the throttle itself is tested with it switched on).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
