from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "didgah.imports"
    label = "imports"
    verbose_name = _("درون‌ریزی از وب‌گاه پیشین")
