from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: to see why a mail did not go out (state, attempts, last error)."""

    list_display = ["created_at", "recipient", "kind", "partnership", "read_at", "mail_state", "mail_attempts"]
    list_filter = ["mail_state", "kind"]
    list_select_related = ["recipient", "partnership__initiative"]
    search_fields = ["recipient__email", "kind", "summary"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
