from django.contrib import admin

from audit.models import ReminderSent, SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Looking only: the security log is append-only, reminders are written by the command."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "result", "actor_repr", "object_repr", "origin"]
    list_filter = ["action", "result"]
    search_fields = ["actor_repr", "object_repr", "origin"]
    date_hierarchy = "at"


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ["date", "user", "kind", "object_key", "sent_at"]
    list_filter = ["kind"]
    date_hierarchy = "date"
