"""What follows a new password, wherever it was set.

Django calls `password_changed(password, user)` on every entry of
AUTH_PASSWORD_VALIDATORS once a user whose password was set is saved: after a
password reset, a password change, the admin's form, `manage.py changepassword`. That
is the one place every way of changing a password passes through, so the reader's API
tokens are revoked there (services.reader_api_tokens_revoke); their sessions already
end by Django's own rule (the session keeps a hash of the password). This entry checks
no password: it only listens."""

from __future__ import annotations

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from didgah.persian import to_persian_digits


class RevokeOnPasswordChange:
    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        from . import services  # services import the models: not at settings time

        if user is not None:
            services.reader_api_tokens_revoke(user=user)

    def get_help_text(self) -> str:
        # Django lists every validator's help under the box (an empty one is an empty
        # bullet): what this one does is worth telling the reader.
        return _("هر بار که گذرواژه عوض شود، توکن‌های API حساب باطل می‌شوند.")


class MinimumLength(MinimumLengthValidator):
    """Django's length rule, its limit in Persian digits («دست‌کم ۸ نویسه») wherever its
    help or refusal shows: the reader's forms and the admin's user and password pages
    alike, with no page converting them."""

    def get_help_text(self) -> str:
        return to_persian_digits(super().get_help_text())

    def validate(self, password, user=None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError([to_persian_digits(m) for m in error.messages], code="password_too_short") from None
