from django.contrib import admin

from meedoen.accountability.models import Accountability


@admin.register(Accountability)
class AccountabilityAdmin(admin.ModelAdmin):
    list_display = ("municipality", "dpia_completed_on", "iama_completed_on", "contact_email")
