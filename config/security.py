"""The site's hardening that is not Django's own: the response headers every page carries
(the Content-Security-Policy; no caching of anything shown to a logged-in person, since
internal Party information must not linger in a shared browser's or a proxy's cache), and
the checks production runs on its secret key and admin path before it starts."""

from django.core.exceptions import ImproperlyConfigured

# Everything comes from the site itself: no inline script or style, no outside resource.
# data: images only for Bootstrap's own form icons (SVGs embedded in its stylesheet).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PRIVATE_CACHE_CONTROL = "private, no-store"


class SecurityHeadersMiddleware:
    """Sits after AuthenticationMiddleware so that it knows who the response is for; static
    files are answered by whitenoise before they reach it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response


# The placeholder that .env.example ships with; a copied file that was never filled in.
PLACEHOLDER_SECRET_KEYS = frozenset({"change-me-to-a-long-random-string"})
MIN_SECRET_KEY_LENGTH = 50


def secret_key_problem(key: str) -> str | None:
    """Why a production secret key is unsafe, or None. Django's own deploy check only warns;
    production refuses to start instead (signed cookies and password resets rest on it)."""
    if not key:
        return "DJANGO_SECRET_KEY chưa được đặt."
    if key in PLACEHOLDER_SECRET_KEYS:
        return "DJANGO_SECRET_KEY vẫn là giá trị mẫu của .env.example; hãy tạo một khóa ngẫu nhiên."
    if key.startswith("django-insecure-") or len(set(key)) < 5:
        return "DJANGO_SECRET_KEY không đủ ngẫu nhiên; hãy tạo một khóa ngẫu nhiên."
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return (
            f"DJANGO_SECRET_KEY chỉ có {len(key)} ký tự; cần ít nhất {MIN_SECRET_KEY_LENGTH} "
            "ký tự ngẫu nhiên."
        )
    return None


def admin_path(value: str) -> str:
    """The admin's URL prefix as "segment/" (the environment may give it with slashes)."""
    segment = value.strip().strip("/")
    if not segment:
        raise ImproperlyConfigured("DJANGO_ADMIN_URL không được để trống (ví dụ: quan-tri-7f3k/).")
    return segment + "/"
