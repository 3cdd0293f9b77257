"""Writes to readers' accounts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf
from .models import Profile
from .names import clean_display_name, name_key

User = get_user_model()
VERIFY_SALT = "didgah.accounts.verify-email"


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
    uniqueness is checked here and guaranteed by the profile's unique keys (a racing
    duplicate gets a ValidationError, not a server error)."""
    display_name = clean_display_name(display_name)
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
        raise ValidationError({"username": _("این نام پیش‌تر گرفته شده است.")}) from exc
    return user


def email_verification_token(*, user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_SALT, compress=True)


def email_verification_send(*, user, base_url: str | None = None) -> None:
    """Mail the reader a link that confirms their address (valid for a few days)."""
    url = (base_url or settings.SITE_URL) + reverse(
        "accounts:verify", kwargs={"token": email_verification_token(user=user)}
    )
    name = user.profile.display_name if hasattr(user, "profile") else user.get_username()
    body = _(
        "%(name)s گرامی،\n\nبرای تأیید نشانی رایانامهٔ خود در دیدگاه، این پیوند را باز کنید:\n%(url)s\n\n"
        "اگر شما در دیدگاه ثبت‌نام نکرده‌اید، این نامه را نادیده بگیرید."
    ) % {"name": name, "url": url}
    send_mail(_("تأیید رایانامه در دیدگاه"), body, None, [user.email])


def email_verify(*, token: str) -> User | None:
    """Mark the address in a valid, unexpired token as verified; the user, or None."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=conf.verify_max_age_days() * 86400)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).select_related("profile").first()
    if user is None or not hasattr(user, "profile"):
        return None
    if user.profile.email_verified_at is None:
        user.profile.email_verified_at = timezone.now()
        user.profile.save(update_fields=["email_verified_at"])
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
    from didgah.community import services as community_services

    # The name and place are shown on each of the reader's comments.
    community_services.author_threads_touch(user_id=user.pk)
    return profile


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete a reader. Their comments stay (shown as «کاربر حذف‌شده»); their votes are
    withdrawn first so every counter still equals its vote rows."""
    from didgah.community import services as community_services

    community_services.reader_forget(user=user)
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
