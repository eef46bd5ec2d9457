from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.accounts.roles import Role
from meedoen.core.models import Municipality


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Null only for platform administrators, who work across municipalities in the admin.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
