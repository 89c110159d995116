from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="core.start_session_clock")
