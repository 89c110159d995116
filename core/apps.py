from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db import connections
        from django.db.backends.signals import connection_created

        from core import cache
        from core.middleware import start_session_clock

        # Every write bumps the cache versions of the tables it touches (core.cache).
        for connection in connections.all(initialized_only=True):
            cache.install(connection=connection)
        connection_created.connect(cache.install, dispatch_uid="core.cache.install")

        user_logged_in.connect(start_session_clock, dispatch_uid="core.start_session_clock")
