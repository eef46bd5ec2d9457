from django.contrib import admin

from meedoen.people.models import Resident, ResidentImport, RightsDecision, RightsRequest


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    # Reference data and accounts are administered here; the content of people's plans and
    # sensitive facts is not, so it is neither listed nor editable.
    list_display = ("family_name", "given_name", "municipality", "professional")
    list_filter = ("municipality",)
    search_fields = ("family_name", "given_name", "external_id")
    raw_id_fields = ("user", "professional")
    fields = ("municipality", "user", "given_name", "family_name", "birth_date", "household",
              "education", "language_level", "benefit_start", "professional", "external_id",
              "restricted_at", "erased_at")
    readonly_fields = ("restricted_at", "erased_at")

    def has_delete_permission(self, request, obj=None):
        # Removing a person goes through an erasure request and its decision ("Verzoeken"),
        # which keeps what must be kept and records why; never a plain delete.
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence of how rights and imports were handled: read here, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RightsRequest)
class RightsRequestAdmin(ReadOnlyAdmin):
    list_display = ("made_at", "kind", "resident", "municipality")
    list_filter = ("kind", "municipality")


@admin.register(RightsDecision)
class RightsDecisionAdmin(ReadOnlyAdmin):
    list_display = ("decided_at", "outcome", "request", "decided_by")
    list_filter = ("outcome", "municipality")


@admin.register(ResidentImport)
class ResidentImportAdmin(ReadOnlyAdmin):
    list_display = ("at", "file_name", "municipality", "status", "created", "updated",
                    "unchanged", "skipped")
    list_filter = ("status", "municipality")
