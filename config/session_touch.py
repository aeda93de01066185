"""The idle timeout without a session write on every request: a page request pushes the
session's expiry on at most every TOUCH_SECONDS (so a person is signed out after
SESSION_COOKIE_AGE without activity, give or take that); a fragment fetched after a page (the
bell's count, htmx) never writes the session, so it cannot race a sign-out in another tab
(SessionInterrupted) nor cost a write."""

import time

TOUCH_SECONDS = 300
TOUCHED = "_touched"


class SessionTouchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            session is not None
            and user is not None
            and user.is_authenticated
            and not request.headers.get("HX-Request")
            and session.session_key is not None
        ):
            now = int(time.time())
            if now - session.get(TOUCHED, 0) >= TOUCH_SECONDS:
                session[TOUCHED] = now
        return response
