from django.contrib import admin

from core.models import ChangeEntry


@admin.register(ChangeEntry)
class ChangeEntryAdmin(admin.ModelAdmin):
    """Read-only: the history is append-only."""

    list_display = ["at", "object_repr", "action", "actor_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
