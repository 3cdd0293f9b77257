from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from didgah.persian import format_number

from . import services
from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Standing (suspension, ban) is read-only here: it changes only through the actions
    the community app adds to this admin (didgah/community/admin.py), which log each
    change. The names' look-alike keys (display_key, username_key) are not shown: they
    are the services' own, computed from the names, and read as gibberish; a search
    still looks in them."""

    list_display = ("display_name", "user", "city", "country", "email_verified_at", "banned", "suspended_until",
                    "approved_comments")
    list_filter = ("banned", "country")
    search_fields = ("display_name", "display_key", "user__username", "user__email")
    readonly_fields = ("user", "email_verified_at", "suspended_until", "banned", "status_reason",
                       "approved_comments", "created_at")
    fields = ("user", "display_name", "city", "country", "email_verified_at", "banned", "suspended_until",
              "status_reason", "approved_comments", "created_at")

    def save_model(self, request, obj, form, change):
        # Through the service, so the name's uniqueness key follows the name.
        services.profile_update(user=obj.user, display_name=obj.display_name, city=obj.city, country=obj.country)

    def has_add_permission(self, request):
        return False


# --- Users and groups: Django's admin, in Persian where Django's own stays English -------

# The four permissions Django makes for every model, by their codename's prefix. Their
# names are stored in English («Can add article», made by Django's migrations); the
# database keeps them, the pickers show them in Persian.
_PERMISSION_ACTIONS = {"add": _("افزودن"), "change": _("ویرایش"), "delete": _("حذف"), "view": _("دیدن")}


def permission_label(permission: Permission) -> str:
    """«خبرها | افزودن خبر» for «news | article | Can add article»: the app's Persian
    name, then the action and the model's verbose_name. A permission of the site's own
    (Meta.permissions, named in Persian) keeps its name. Reads the content type the
    queryset brought along (select_related) and the app registry, no query of its own."""
    content_type = permission.content_type
    model = content_type.model_class()
    if model is None:  # a model no longer installed
        return str(permission)
    app = apps.get_app_config(content_type.app_label).verbose_name
    action, _sep, model_name = permission.codename.partition("_")
    if action in _PERMISSION_ACTIONS and model_name == model._meta.model_name:
        name = format_lazy("{} {}", _PERMISSION_ACTIONS[action], model._meta.verbose_name)
    else:
        name = permission.name
    return f"{app} | {name}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class PersianPermissionsMixin:
    """The permission picker of the group and user forms, its choices named in Persian."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
            queryset = kwargs.get("queryset", db_field.remote_field.model.objects)
            kwargs["queryset"] = queryset.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


class PersianPasswordHashWidget(auth_forms.ReadOnlyPasswordHashWidget):
    """The stored password's summary: the labels from the catalogue («الگوریتم»,
    «تکرار», «نمک», «چکیده»), numbers (PBKDF2's iterations, Argon2's costs) in Persian
    digits, and the rest (the algorithm's name, the masked salt and hash) as code,
    written left to right as it is stored."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for entry in context["summary"]:
            shown = entry.get("value")
            if isinstance(shown, int):
                entry["value"] = format_number(shown)
            elif shown:
                entry["value"] = format_html('<code dir="ltr">{}</code>', shown)
        return context


class UserChangeForm(auth_forms.UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password:
            password.widget = PersianPasswordHashWidget(attrs=password.widget.attrs)


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    # Django appends this warning to the help in English, outside its catalogue.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        auth_forms.SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(PersianPermissionsMixin, auth_admin.UserAdmin):
    form = UserChangeForm
    change_password_form = AdminPasswordChangeForm


@admin.register(Group)
class GroupAdmin(PersianPermissionsMixin, auth_admin.GroupAdmin):
    pass
