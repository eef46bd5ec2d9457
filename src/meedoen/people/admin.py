from django.contrib import admin

from meedoen.people.models import Resident


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    # Reference data and accounts are administered here; the content of people's plans and
    # sensitive facts is not, so it is neither listed nor editable.
    list_display = ("family_name", "given_name", "municipality", "professional")
    list_filter = ("municipality",)
    search_fields = ("family_name", "given_name")
    raw_id_fields = ("user", "professional")
    fields = ("municipality", "user", "given_name", "family_name", "birth_date", "household",
              "education", "language_level", "benefit_start", "professional")
