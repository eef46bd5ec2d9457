from django.contrib import admin

from meedoen.advice.models import Advice, AdviceChoice, Reflection


@admin.register(Advice)
class AdviceAdmin(admin.ModelAdmin):
    list_display = ("resident", "offer", "engine", "differs_from_engine", "created_at")
    list_filter = ("municipality", "engine", "differs_from_engine")
    raw_id_fields = ("resident", "author", "goal", "offer", "engine_offer", "engine_run")


@admin.register(AdviceChoice)
class AdviceChoiceAdmin(admin.ModelAdmin):
    list_display = ("advice", "kind", "offer", "chosen_at")
    raw_id_fields = ("advice", "resident", "offer", "enrolment")


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ("period", "author", "created_at")
    list_filter = ("municipality", "period")
