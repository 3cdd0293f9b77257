from django.contrib import admin

from .models import ImportedItem


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    """Read-only: what each import brought in, and from which id."""

    list_display = ["source", "kind", "original_id", "article", "comment", "created_at"]
    list_filter = ["source", "kind"]
    search_fields = ["original_id", "article__title"]
    raw_id_fields = ["article", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
