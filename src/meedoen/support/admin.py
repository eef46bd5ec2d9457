from django.contrib import admin

from meedoen.support.models import Provider, SupportOffer


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality")
    list_filter = ("municipality",)
    filter_horizontal = ("staff",)


@admin.register(SupportOffer)
class SupportOfferAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "instrument", "capacity", "active")
    list_filter = ("municipality", "instrument", "active")
