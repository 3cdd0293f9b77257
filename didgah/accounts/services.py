"""Writes to readers' accounts."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from didgah.common.personal import personal_changed

from . import conf, signals
from .models import OutgoingMail, Profile
from .names import clean_display_name, name_key

User = get_user_model()
VERIFY_SALT = "didgah.accounts.verify-email"
logger = logging.getLogger(__name__)


def _unique_name_errors(*, display_name: str, username: str | None, exclude_user_id=None) -> dict:
    errors = {}
    others = Profile.objects.exclude(user_id=exclude_user_id) if exclude_user_id else Profile.objects.all()
    if others.filter(display_key=name_key(display_name)).exists():
        errors["display_name"] = _("این نام نمایشی (یا نامی که همین‌گونه خوانده می‌شود) پیش‌تر گرفته شده است.")
    if username is not None and others.filter(username_key=name_key(username)).exists():
        errors["username"] = _("این نام کاربری (یا نامی که همین‌گونه خوانده می‌شود) پیش‌تر گرفته شده است.")
    return errors


def names_available(*, display_name: str, username: str | None = None, exclude_user_id=None) -> dict:
    """Field → Persian error for each name already taken on its key (empty if all free)."""
    return _unique_name_errors(display_name=display_name, username=username, exclude_user_id=exclude_user_id)


@transaction.atomic
def reader_register(
    *, username: str, email: str, password: str, display_name: str, city: str = "", country: str = "",
) -> User:
    """Create a reader and their profile. Names must already have passed names.*_problem;
    uniqueness is checked here and guaranteed by the database (the profile's unique
    name keys, and one account per e-mail address whatever its case: migration 0005),
    so a racing duplicate gets a ValidationError, not a server error."""
    display_name = clean_display_name(display_name)
    email = User.objects.normalize_email(email)
    errors = _unique_name_errors(display_name=display_name, username=username)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, email=email, password=password)
            Profile.objects.create(
                user=user, display_name=display_name, display_key=name_key(display_name),
                username_key=name_key(username), city=clean_display_name(city), country=country,
            )
    except IntegrityError as exc:
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError({"email": _("با این رایانامه پیش‌تر حسابی ساخته شده است.")}) from exc
        raise ValidationError({"username": _("این نام پیش‌تر گرفته شده است.")}) from exc
    return user


def account_row_changed(sender, *, instance, **kwargs) -> None:
    """Any save or deletion of an account's row (a new password, staff status or
    deactivation given in the admin, a sign-in's last_login) has the reader's kept
    personal part made anew: the personal request answers from that part without reading
    the account, while it was made for the session asking (community.selectors.personal_state).
    Connected to the user model's post_save and post_delete in AccountsConfig.ready()."""
    personal_changed(user_id=instance.pk)


def reader_name(*, user) -> str:
    """How a mail addresses a reader: their display name, else their username."""
    profile = Profile.objects.filter(user_id=user.pk).only("display_name").first()
    return (profile.display_name if profile else "") or user.get_username()


def email_verification_token(*, user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT, compress=True)


def email_verification_send(*, user, base_url: str | None = None) -> None:
    """Mail the reader a link that confirms their address (valid for a few days)."""
    url = (base_url or settings.SITE_URL) + reverse(
        "accounts:verify", kwargs={"token": email_verification_token(user=user)}
    )
    body = _(
        "%(name)s گرامی،\n\nبرای تأیید نشانی رایانامهٔ خود در دیدگاه، این پیوند را باز کنید:\n%(url)s\n\n"
        "اگر شما در دیدگاه نام‌نویسی نکرده‌اید، این نامه را نادیده بگیرید."
    ) % {"name": reader_name(user=user), "url": url}
    outgoing_mail_queue(to=user.email, subject=_("تأیید رایانامه در دیدگاه"), body=body)


def email_verify(*, token: str) -> User | None:
    """Mark the address in a valid, unexpired token as verified; the user, or None."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=conf.verify_max_age_days() * 86400)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).select_related("profile").first()
    if user is None or not hasattr(user, "profile"):
        return None
    with transaction.atomic():
        if user.profile.email_verified_at is None:
            user.profile.email_verified_at = timezone.now()
            user.profile.save(update_fields=["email_verified_at"])
            personal_changed(user_id=user.pk)
        signals.email_verified.send(sender=User, user=user)
    return user


@transaction.atomic
def profile_update(*, user, display_name: str, city: str = "", country: str = "") -> Profile:
    display_name = clean_display_name(display_name)
    errors = _unique_name_errors(display_name=display_name, username=None, exclude_user_id=user.pk)
    if errors:
        raise ValidationError(errors)
    profile = user.profile
    profile.display_name = display_name
    profile.display_key = name_key(display_name)
    profile.city = clean_display_name(city)
    profile.country = country
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as exc:
        raise ValidationError({"display_name": _("این نام نمایشی پیش‌تر گرفته شده است.")}) from exc
    # The name and place are shown on each of the reader's comments.
    signals.profile_changed.send(sender=Profile, user=user, profile=profile)
    personal_changed(user_id=user.pk)
    return profile


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete a reader. Their comments stay (shown as «کاربر حذف‌شده»); their votes are
    withdrawn first (by the community's receiver) so every counter still equals its
    vote rows."""
    signals.reader_deleting.send(sender=User, user=user)
    user.delete()


def profile_ensure(*, user) -> Profile:
    """The user's profile, created from the username for accounts made outside the
    register form (editors, `createsuperuser`). Staff addresses count as verified."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        pass
    base = clean_display_name(user.get_full_name() or user.get_username())[:36] or "کاربر"
    name, n = base, 1
    while Profile.objects.filter(display_key=name_key(name)).exists():
        n += 1
        name = f"{base} {n}"
    profile = Profile.objects.create(
        user=user, display_name=name, display_key=name_key(name),
        username_key=f"{name_key(user.get_username())}#{user.pk}",
        email_verified_at=timezone.now() if user.is_staff else None,
    )
    user.profile = profile
    return profile


def _within_limit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one event for `key` in Django's cache; True while within `limit` a window.
    add() starts the window without overwriting a running one; incr() is atomic in
    the stores that every process shares (Redis), so requests at once cannot both
    slip under the limit."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def password_reset_request(*, email: str, client_ip: str, domain: str, use_https: bool) -> bool:
    """Queue a password-reset mail for each active account with this address; False
    (and nothing queued) when the address or the client has asked too often.

    Both limits count every request, for an address with an account or without, and
    the mail is only queued here (sent by the scheduler), so neither the answer nor its
    time tells anyone whether an account exists."""
    address = email.strip().lower()
    if not _within_limit(f"pwreset:ip:{client_ip}", limit=conf.password_resets_per_client(), window_seconds=3600):
        return False
    if not _within_limit(f"pwreset:email:{address}", limit=conf.password_resets_per_email(), window_seconds=3600):
        return False
    # Django's own choice of accounts: active, with a usable password, same address.
    for user in PasswordResetForm().get_users(email):
        context = {
            "name": reader_name(user=user),
            "username": user.get_username(),
            "protocol": "https" if use_https else "http",
            "domain": domain,
            "site_name": settings.SITE_NAME,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }
        subject = "".join(render_to_string("accounts/password_reset_subject.txt", context).splitlines())
        body = render_to_string("accounts/password_reset_email.txt", context)
        outgoing_mail_queue(to=user.email, subject=subject, body=body)
    return True


def reader_api_tokens_revoke(*, user) -> int:
    """Revoke every API token of the reader (a new password ends every way in that the
    old one gave, as Django ends the sessions). The tokens are reached through their
    relation to the user, so accounts need not import the API app. The number revoked."""
    tokens = getattr(user, "api_tokens", None)
    if tokens is None or user.pk is None:
        return 0
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def outgoing_mail_queue(*, to: str, subject: str, body: str, html_body: str = "",
                        headers: dict[str, str] | None = None) -> OutgoingMail:
    """Write a mail for the scheduler process to send (outgoing_mail_send_due), with an
    optional HTML alternative and extra headers (List-Unsubscribe and the like)."""
    return OutgoingMail.objects.create(to=to, subject=subject[:200], body=body, html_body=html_body,
                                       headers=dict(headers or {}))


def mail_deliver(mail: OutgoingMail) -> int:
    """Hand one queued mail to the mail backend (its text, HTML alternative and headers)."""
    message = EmailMultiAlternatives(mail.subject, mail.body, None, [mail.to], headers=mail.headers or None)
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    return message.send()


def _retry_delay(attempts: int) -> timedelta:
    # A mail server that is down for a while is not hammered; a short outage costs
    # a minute or two.
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def outgoing_mail_send_due(*, limit: int = 50) -> int:
    """Send queued mails whose time has come; the number sent. The scheduler's
    periodic job (apps.AccountsConfig.ready).

    Each mail is claimed, sent and marked sent in one transaction: the row stays locked
    while it is sent (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, so two senders
    take different rows; SQLite's IMMEDIATE transactions let one sender at a time), so
    two senders never send one mail twice. A failed send is recorded on the row and
    tried again later, up to conf.mail_max_attempts(). A crash after the mail server
    took a mail but before the commit sends it again on the next run: at least once."""
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            queryset = OutgoingMail.objects.filter(
                sent_at__isnull=True, attempts__lt=conf.mail_max_attempts(), next_attempt_at__lte=timezone.now(),
            ).order_by("next_attempt_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                queryset = queryset.select_for_update(skip_locked=True)
            mail = queryset.first()
            if mail is None:
                break
            mail.attempts += 1
            try:
                mail_deliver(mail)
            except Exception as exc:  # noqa: BLE001 - whatever the mail backend raises, try later
                logger.warning("mail %s to %s not sent (attempt %s): %s", mail.pk, mail.to, mail.attempts, exc)
                mail.last_error = str(exc)[:500]
                mail.next_attempt_at = timezone.now() + _retry_delay(mail.attempts)
                mail.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            else:
                mail.sent_at = timezone.now()
                mail.save(update_fields=["attempts", "sent_at"])
                sent += 1
    return sent
