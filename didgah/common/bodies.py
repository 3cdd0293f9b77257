"""Request bodies refused before any view reads them, and refused Host headers logged
as one line.

- A declared body larger than MAX_REQUEST_BODY_BYTES is answered 413 from its
  Content-Length alone, before a byte of it is read: nginx refuses such bodies in the
  production profile, and the embedded server would otherwise read a 100 MB upload in
  full. The admin is left to Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE); only
  editors reach it.
- A Content-Length that is not a number of bytes (`abc`, `-1`) is answered 400.
- A form body (urlencoded or multipart) that is not UTF-8 is answered 400. Django
  decodes such bytes to U+FFFD, which would otherwise be stored in a comment or a name
  as if the reader had typed it.

Refusals under /api/ are in the API's JSON error shape, others a short Persian page.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _

# Text a browser, or Django's multipart parser, shows in place of bytes that are not
# UTF-8; no keyboard types it.
REPLACEMENT_CHARACTER = "\ufffd"

API_PREFIX = "/api/"
ADMIN_PREFIX = "/admin/"


def max_request_body() -> int:
    return int(getattr(settings, "MAX_REQUEST_BODY_BYTES", 2 * 1024 * 1024))


def _refusal(request, status: int, code: str, message: str):
    if request.path_info.startswith(API_PREFIX) or "application/json" in request.META.get("HTTP_ACCEPT", ""):
        return JsonResponse({"code": code, "message": message}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    page = format_html('<!DOCTYPE html><html lang="fa" dir="rtl"><meta charset="utf-8"><title>{}</title>'
                       "<p>{}</p></html>", message, message)
    return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")


def too_large(request):
    return _refusal(request, 413, "too_large", _("بدنهٔ درخواست بزرگ‌تر از حد مجاز است."))


def not_utf8(request):
    return _refusal(request, 400, "bad_encoding",
                    _("متن فرستاده‌شده نویسه‌های نامعتبر دارد (UTF-8 نیست)؛ آن را دوباره بنویسید و بفرستید."))


def malformed(request):
    """Django's 400 (handler400: too many fields, a broken multipart body) and a
    Content-Length that is no length: in Persian, JSON under /api/."""
    return _refusal(request, 400, "bad_request", _("درخواست نادرست است و پذیرفته نشد."))


def urlencoded_is_utf8(body: bytes) -> bool:
    """Whether every name and value of a urlencoded body is UTF-8 once its %XX escapes
    are undone. The separators are ASCII, so decoding the body as a whole tells the
    same as decoding each part."""
    try:
        unquote_to_bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _form_has_replacements(request) -> bool:
    for key, values in request.POST.lists():
        if REPLACEMENT_CHARACTER in key or any(REPLACEMENT_CHARACTER in v for v in values):
            return True
    return any(REPLACEMENT_CHARACTER in (f.name or "") for f in request.FILES.values())


class RequestBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request):
        length = request.META.get("CONTENT_LENGTH")
        if length:
            # Only digits: Django would read "abc" or "-1" with int() (a ValueError, a 500).
            if not (length.isascii() and length.isdigit()):
                return malformed(request)
            if int(length) > max_request_body() and not request.path_info.startswith(ADMIN_PREFIX):
                return too_large(request)
        if request.method != "POST":
            return None
        content_type = request.content_type
        try:
            if content_type == "application/x-www-form-urlencoded":
                if not urlencoded_is_utf8(request.body):
                    return not_utf8(request)
            elif content_type == "multipart/form-data":
                # Django decodes each field with errors="replace": what was not UTF-8
                # is U+FFFD by now.
                if _form_has_replacements(request):
                    return not_utf8(request)
        except RequestDataTooBig:
            # Undeclared length (chunked) past DATA_UPLOAD_MAX_MEMORY_SIZE.
            return too_large(request)
        return None


class OneLineRefusal(logging.Filter):
    """Drops the traceback from a record: a refused Host header (DisallowedHost) is the
    client's mistake or a scanner's probe, and one line says all there is to say."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
