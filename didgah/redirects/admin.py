from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Redirect
from .selectors import redirect_target


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "kind", "article", "leads_to", "note", "created_at"]
    list_filter = ["kind", "note"]
    search_fields = ["old_path", "target", "article__title"]
    raw_id_fields = ["article"]
    readonly_fields = ["created_at"]

    @admin.display(description=_("می‌رود به"))
    def leads_to(self, obj):
        found = redirect_target(old_path=obj.old_path)
        return found[1] if found else _("(هیچ‌جا: خبر منتشر نیست)")
