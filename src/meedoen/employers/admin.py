from django.contrib import admin

from meedoen.employers.models import AllocationRound, Employer, Opportunity


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "place", "municipality")
    list_filter = ("municipality",)
    filter_horizontal = ("members",)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "employer", "kind", "status", "places")
    list_filter = ("municipality", "kind", "status")


@admin.register(AllocationRound)
class AllocationRoundAdmin(admin.ModelAdmin):
    list_display = ("run_at", "municipality", "people", "places", "placed", "stable")
    list_filter = ("municipality",)

    def has_add_permission(self, request) -> bool:
        return False  # rounds are run from the employer service's page, with their checks
