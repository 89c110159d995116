from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from notifications.receivers import file_event_received
        from partnerships import notices

        notices.file_event.connect(file_event_received, dispatch_uid="notifications.file_event")
