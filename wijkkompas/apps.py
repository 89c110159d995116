from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WijkkompasConfig(AppConfig):
    name = "wijkkompas"
    verbose_name = _("Wijkkompas")

    def ready(self):
        from partnerships import sections
        from wijkkompas.services import partnership_section

        sections.register(partnership_section)
