from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    PROFESSIONAL = "professional", _("professional")
    PROVIDER = "provider", _("provider staff")
    EMPLOYER = "employer", _("employer staff")
    ANALYST = "analyst", _("analyst")
    ADMIN = "admin", _("administrator")
