from django.contrib import admin

from meedoen.support.models import Lottery, LotteryEntry, Provider, SupportOffer


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality")
    list_filter = ("municipality",)
    filter_horizontal = ("staff",)


@admin.register(SupportOffer)
class SupportOfferAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "instrument", "capacity", "allocation", "active")
    list_filter = ("municipality", "instrument", "allocation", "active")


class LotteryEntryInline(admin.TabularInline):
    model = LotteryEntry
    fields = ("position", "enrolment", "drawn")
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Lottery)
class LotteryAdmin(admin.ModelAdmin):
    """Read-only: a stored draw is evidence for an audit and is never edited."""

    list_display = ("offer", "drawn_at", "places", "seed", "drawn_by")
    list_filter = ("municipality",)
    readonly_fields = ("municipality", "offer", "seed", "method", "places", "filled_in_order",
                       "drawn_by", "drawn_at")
    inlines = [LotteryEntryInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
