from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "meedoen.plans"
    verbose_name = _("Plans")
