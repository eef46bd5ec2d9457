from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from meedoen.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "municipality", "is_active")
    list_filter = ("role", "municipality", "is_active")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role"), {"fields": ("role", "municipality")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role"), {"fields": ("role", "municipality")}),
    )
