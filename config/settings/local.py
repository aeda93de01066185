"""Settings for `make run` on a developer's or a ward office's own machine."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="local-only-not-secret-0b6d1a5e8f2c4e7a9b3d5f1c7e9a2b4d6f8a0c2e4b6d8f0a",
)
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# `make run` serves static/ directly; collectstatic is for production only.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
