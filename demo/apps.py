from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`load_demo`: the demo municipality, its people and partnerships. Uses every app; none uses it."""

    name = "demo"
    verbose_name = _("Demo data")
