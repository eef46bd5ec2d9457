from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "meedoen.pilots"
    verbose_name = _("Pilots")
