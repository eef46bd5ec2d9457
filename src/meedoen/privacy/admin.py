from django.contrib import admin

from meedoen.privacy.models import ProcessingLogEntry


@admin.register(ProcessingLogEntry)
class ProcessingLogAdmin(admin.ModelAdmin):
    list_display = ("at", "activity", "operation", "subject_id", "actor", "actor_role")
    list_filter = ("activity", "operation", "municipality")
    search_fields = ("subject_id", "trace_id")

    # Read-only: the log is evidence, not data to edit.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
