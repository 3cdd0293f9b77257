from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "didgah.redirects"
    label = "redirects"
    verbose_name = _("ارجاع‌های نشانی‌های قدیمی")
