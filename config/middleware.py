"""Cross-cutting request handling that Django does not ship."""

import time

from django.conf import settings
from django.contrib.auth import logout

_STARTED = "auth_started_at"
_SEEN = "last_seen_at"


def stamp_session(sender, request, user, **kwargs) -> None:
    """Start the session's absolute and idle clocks at sign-in."""
    now = int(time.time())
    request.session[_STARTED] = now
    request.session[_SEEN] = now


class SessionTimeoutMiddleware:
    """End a signed-in session after SESSION_COOKIE_AGE without a request (idle timeout), and
    SESSION_ABSOLUTE_SECONDS after sign-in however active it was (absolute timeout).

    The idle clock is Django's own session expiry; rather than saving the session on every request
    (a database write per page), the session is re-saved, which renews its expiry, at most every
    SESSION_REFRESH_SECONDS. The idle timeout is thus exact to within that many seconds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        started = request.session.get(_STARTED)
        if started is not None and now - started > settings.SESSION_ABSOLUTE_SECONDS and request.user.is_authenticated:
            logout(request)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        seen = request.session.get(_SEEN)
        stale = seen is None or now - seen >= settings.SESSION_REFRESH_SECONDS
        if stale and user is not None and user.is_authenticated:
            request.session[_SEEN] = now
        return response


# --- request size -------------------------------------------------------------------------------


def _refuse_too_big(request, size: int):
    """The 413 page, in the visitor's language (this runs before the locale and the session are set up)."""
    from django.shortcuts import render
    from django.template.defaultfilters import filesizeformat
    from django.utils import translation

    with translation.override(translation.get_language_from_request(request)):
        return render(
            request,
            "413.html",
            {
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.REQUEST_MAX_BYTES),
                "LANGUAGE_CODE": translation.get_language(),
            },
            status=413,
        )


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than settings.REQUEST_MAX_BYTES with 413, before reading it.

    A declared Content-Length over the limit is refused at once: not a byte of the body is read, no
    upload is written to disk and nothing is parsed. A body that declares no length (a chunked
    upload) cannot grow past it either: Django reads and parses no body without a Content-Length
    (the WSGI request reads none of it, and the multipart parser returns no fields or files), so
    such a request reaches the view empty. tests/test_request_limits.py shows both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_MAX_BYTES:
            return _refuse_too_big(request, declared)
        return self.get_response(request)
