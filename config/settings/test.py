"""Settings for the test suite: fast hashing, in-memory mail, no manifest for static files."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "test-uploads")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Static files come straight from static/ (no collectstatic in tests).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# The live server's threads must not keep connections open past the test database's life.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
