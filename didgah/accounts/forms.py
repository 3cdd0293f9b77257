"""Forms parse and check input; the services do the writing."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext_lazy as _

from .countries import ReaderCountries
from .names import (
    CITY_MAX, DISPLAY_NAME_MAX, city_problem, clean_display_name, display_name_problem, username_problem,
)
from .services import names_available

User = get_user_model()


def country_choices() -> list[tuple[str, str]]:
    """Every country, named in the active language (Persian), the usual ones first."""
    return [("", _("— انتخاب کشور —")), *ReaderCountries()]


class ProfileFieldsMixin:
    def clean_display_name(self):
        value = self.cleaned_data.get("display_name", "")
        problem = display_name_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return clean_display_name(value)

    def clean_city(self):
        value = self.cleaned_data.get("city", "")
        problem = city_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return clean_display_name(value)


class RegisterForm(ProfileFieldsMixin, forms.Form):
    username = UsernameField(
        label=_("نام کاربری"), max_length=150,
        help_text=_("حرف، عدد و نشانه‌های ‎@ . + - _‎؛ برای ورود به کار می‌رود."),
    )
    email = forms.EmailField(label=_("رایانامه"), max_length=254)
    password1 = forms.CharField(label=_("گذرواژه"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                strip=False)
    password2 = forms.CharField(label=_("تکرار گذرواژه"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                strip=False)
    display_name = forms.CharField(label=_("نام نمایشی"), max_length=DISPLAY_NAME_MAX * 2,
                                   help_text=_("این نام کنار دیدگاه‌های شما دیده می‌شود."))
    city = forms.CharField(label=_("شهر"), max_length=CITY_MAX * 2, required=False)
    country = forms.ChoiceField(label=_("کشور"), choices=country_choices, required=False)
    # A field people never see (hidden by CSS and from assistive technology) that
    # form-filling bots fill in.
    website = forms.CharField(label=_("این خانه را خالی بگذارید"), required=False)

    def clean_username(self):
        value = self.cleaned_data["username"]
        problem = username_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        if User.objects.filter(username__iexact=value).exists():
            raise forms.ValidationError(_("این نام کاربری پیش‌تر گرفته شده است."))
        return value

    def clean_email(self):
        value = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=value).exists():
            raise forms.ValidationError(_("با این رایانامه پیش‌تر حسابی ساخته شده است."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("دو گذرواژه‌ای که نوشتید یکی نیستند."))
        elif data.get("password1"):
            candidate = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(data["password1"], candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        if data.get("display_name") and data.get("username"):
            for field, message in names_available(display_name=data["display_name"],
                                                  username=data["username"]).items():
                self.add_error(field, message)
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class ProfileForm(ProfileFieldsMixin, forms.Form):
    display_name = forms.CharField(label=_("نام نمایشی"), max_length=DISPLAY_NAME_MAX * 2)
    city = forms.CharField(label=_("شهر"), max_length=CITY_MAX * 2, required=False)
    country = forms.ChoiceField(label=_("کشور"), choices=country_choices, required=False)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("گذرواژه"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        value = self.cleaned_data["password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("گذرواژه درست نیست."))
        return value
