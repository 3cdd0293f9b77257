"""Errors as JSON: {"code": stable English identifier, "message": Persian sentence,
"detail": optional list}. Clients branch on `code`; readers see `message`."""

from __future__ import annotations

import logging
import re

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled, ValidationError

from didgah import persian

logger = logging.getLogger("didgah.api")


def messages() -> dict[str, str]:
    """Persian message of each code, translated at call time."""
    return {
        "bad_request": _("درخواست نادرست است."),
        "not_authenticated": _("برای این کار وارد حساب خود شوید یا توکن معتبر بفرستید."),
        "csrf_failed": _("نشانهٔ امنیتی (CSRF) درخواست نادرست است یا فرستاده نشده است."),
        "forbidden": _("اجازهٔ این کار را ندارید."),
        "not_found": _("چیزی با این نشانی یافت نشد."),
        "method_not_allowed": _("این روش درخواست در این نشانی پذیرفته نیست."),
        "invalid_input": _("داده‌های درخواست نامعتبر است."),
        "rejected": _("درخواست پذیرفته نشد."),
        "rate_limited": _("درخواست‌های شما بیش از حد مجاز است؛ کمی بعد دوباره تلاش کنید."),
        "too_large": _("بدنهٔ درخواست بزرگ‌تر از حد مجاز است."),
        "server_error": _("خطایی در کارساز رخ داد؛ دوباره تلاش کنید."),
    }


STATUS_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 413: "too_large", 422: "invalid_input", 429: "rate_limited", 500: "server_error"}


class ApiError(Exception):
    """Raised by endpoints: a status, a code and (optionally) a message other than the
    code's usual one."""

    def __init__(self, status: int, code: str, message: str | None = None, detail: list | None = None,
                 headers: dict | None = None):
        super().__init__(message or code)
        self.status, self.code, self.message, self.detail = status, code, message, detail
        self.headers = headers


def error_response(status: int, code: str, message: str | None = None, detail: list | None = None,
                   headers: dict | None = None) -> JsonResponse:
    body: dict = {"code": code, "message": str(message or messages().get(code, code))}
    if detail:
        body["detail"] = detail
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for k, v in (headers or {}).items():
        response[k] = v
    return response


def _field_messages() -> dict[str, str]:
    """Persian sentences for pydantic's error types; %(n)s is the limit from the
    error's context. Translated at call time."""
    whole = _("یک عدد صحیح بنویسید.")
    day = _("روز را به شکل YYYY-MM-DD بنویسید، مثلاً 2025-03-21.")
    return {
        "missing": _("این مقدار لازم است."),
        "int_type": whole, "int_parsing": whole, "int_from_float": whole,
        "string_type": _("این مقدار باید متن باشد."),
        "string_too_short": _("دست‌کم %(n)s نویسه بنویسید."),
        "string_too_long": _("بیش از %(n)s نویسه نمی‌شود."),
        "string_pattern_mismatch": _("شکل این مقدار نادرست است."),
        "greater_than_equal": _("عدد باید دست‌کم %(n)s باشد."),
        "greater_than": _("عدد باید بیش از %(n)s باشد."),
        "less_than_equal": _("عدد باید حداکثر %(n)s باشد."),
        "less_than": _("عدد باید کمتر از %(n)s باشد."),
        "literal_error": _("این مقدار پذیرفته نیست؛ یکی از این‌ها را بنویسید: %(n)s"),
        "enum": _("این مقدار پذیرفته نیست؛ یکی از این‌ها را بنویسید: %(n)s"),
        "date_type": day, "date_parsing": day, "date_from_datetime_parsing": day,
        "date_from_datetime_inexact": day, "date_format": day,
        "extra_forbidden": _("این کلید در طرح API نیست."),
        "model_type": _("بدنهٔ درخواست باید یک شیء JSON باشد."),
        "model_attributes_type": _("بدنهٔ درخواست باید یک شیء JSON باشد."),
        "dict_type": _("بدنهٔ درخواست باید یک شیء JSON باشد."),
    }


_LIMIT_KEYS = ("min_length", "max_length", "ge", "gt", "le", "lt", "expected")


def _field_message(error: dict, known: dict[str, str]) -> str:
    template = known.get(str(error.get("type", "")))
    if template is None:
        # Our own validators (PydanticCustomError) already speak Persian.
        msg = str(error.get("msg", ""))
        return msg if any("\u0600" <= ch <= "\u06ff" for ch in msg) else _("این مقدار نامعتبر است.")
    ctx = error.get("ctx") or {}
    limit = next((ctx[k] for k in _LIMIT_KEYS if k in ctx), "")
    # pydantic lists choices in English punctuation («1, -1 or 0», «'hot'»): Persian's here
    limit = re.sub(r"'([^']*)'", r"«\1»", str(limit).replace(" or ", _(" یا ")).replace(", ", "، "))
    return template % {"n": persian.to_persian_digits(limit)} if "%(n)s" in template else template


def _validation_detail(errors: list) -> list:
    known = _field_messages()
    return [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": _field_message(e, known),
         "type": str(e.get("type", ""))}
        for e in errors
    ]


def install(api) -> None:
    """Register the handlers on a NinjaAPI."""

    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.detail, headers=exc.headers)

    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        return error_response(422, "invalid_input", detail=_validation_detail(exc.errors))

    @api.exception_handler(AuthenticationError)
    def _authentication(request, exc):
        return error_response(401, "not_authenticated", headers={"WWW-Authenticate": 'Bearer realm="api"'})

    @api.exception_handler(AuthorizationError)
    def _authorization(request, exc):
        return error_response(403, "forbidden")

    @api.exception_handler(Throttled)
    def _throttled(request, exc):
        return error_response(429, "rate_limited")

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in str(exc):
            return error_response(403, "csrf_failed")
        code = STATUS_CODES.get(exc.status_code, "bad_request")
        return error_response(exc.status_code, code)

    @api.exception_handler(RequestDataTooBig)
    def _too_large(request, exc):
        # The body middleware (common/bodies.py) refuses a declared length first; this
        # is a body whose length was not declared.
        return error_response(413, "too_large")

    @api.exception_handler(SuspiciousOperation)
    def _suspicious(request, exc):
        return error_response(400, "bad_request")

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return error_response(404, "not_found")

    @api.exception_handler(ObjectDoesNotExist)
    def _does_not_exist(request, exc):
        return error_response(404, "not_found")

    @api.exception_handler(PermissionDenied)
    def _denied(request, exc):
        return error_response(403, "forbidden")

    @api.exception_handler(Exception)
    def _unexpected(request, exc):
        logger.exception("API error at %s", request.path)
        return error_response(500, "server_error")


def json_errors(view):
    """Wrap a view so Django's own non-JSON answers (405 from ninja's path router) come
    back in the API's error shape."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allow = response.get("Allow", "")
            response = error_response(405, "method_not_allowed", headers={"Allow": allow} if allow else None)
        return response

    for attr in ("csrf_exempt",):
        if hasattr(view, attr):
            setattr(wrapped, attr, getattr(view, attr))
    wrapped.__name__ = getattr(view, "__name__", "api_view")
    return wrapped


def not_found_view(request, *args, **kwargs) -> HttpResponse:
    return error_response(404, "not_found")
