"""Writes of the API app: personal tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from didgah import persian

from . import conf
from .models import ApiToken

TOKEN_PREFIX = "dgh_"
# 32 random bytes: guessing is hopeless, so a fast hash (SHA-256) is the right one; a
# slow password hash would only slow down every API request.
TOKEN_BYTES = 32
# Recording every use would write on every request; once a minute is precise enough to
# tell a reader which token is still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(Exception):
    """A rule refused a token change; str() is the Persian message."""


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user` (an active, signed-in reader); returns the row and the
    secret, which exists nowhere else afterwards."""
    name = " ".join(persian.display_text(persian.strip_controls(name or "")).split())[:60]
    if not name:
        raise TokenError(_("برای توکن نامی بنویسید تا بعدها آن را بشناسید."))
    active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True).count()
    if active >= conf.tokens_per_reader():
        raise TokenError(_("بیش از %(n)s توکن فعال نمی‌توانید داشته باشید؛ یکی را باطل کنید.")
                         % {"n": persian.to_persian_digits(conf.tokens_per_reader())})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], key_hash=token_hash(raw))
    return token, raw


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=token.revoked_at)
    return token


def token_touch(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
