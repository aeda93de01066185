"""Production: gunicorn behind a reverse proxy, static files from whitenoise.

Refuses to start without DJANGO_SECRET_KEY (a real one: not the .env.example placeholder, at
least 50 characters), DJANGO_ALLOWED_HOSTS and DJANGO_ADMIN_URL. HTTPS is assumed; an intranet
served over plain HTTP sets DJANGO_HTTPS=false (see README).
"""

from django.core.exceptions import ImproperlyConfigured

from config.security import admin_path, secret_key_problem

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if problem := secret_key_problem(SECRET_KEY):
    raise ImproperlyConfigured(problem)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# No default: the admin's path is the deployment's own, not the well-known /admin/.
ADMIN_URL = admin_path(env("DJANGO_ADMIN_URL"))
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

HTTPS = env.bool("DJANGO_HTTPS", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if not HTTPS:
    # Plain HTTP on a closed network is a choice the deployer makes knowingly.
    SILENCED_SYSTEM_CHECKS = [
        "security.W004",  # HSTS
        "security.W008",  # SSL redirect
        "security.W012",  # session cookie secure
        "security.W016",  # CSRF cookie secure
    ]

ADMINS = [("Quản trị", a) for a in env.list("DJANGO_ADMIN_EMAILS", default=[])]
