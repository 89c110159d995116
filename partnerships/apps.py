from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from accounts.signals import deactivation_objections
        from partnerships.receivers import object_to_deactivation

        deactivation_objections.connect(object_to_deactivation, dispatch_uid="partnerships.deactivation")
