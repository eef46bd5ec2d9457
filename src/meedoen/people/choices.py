from django.db import models
from django.utils.translation import gettext_lazy as _


class Household(models.TextChoices):
    SINGLE = "single", _("single")
    SINGLE_PARENT = "single_parent", _("single parent")
    COUPLE = "couple", _("couple without children")
    COUPLE_WITH_CHILDREN = "couple_with_children", _("couple with children")


class Education(models.TextChoices):
    LOW = "low", _("primary, vmbo or mbo 1")
    MIDDLE = "middle", _("mbo 2-4, havo or vwo")
    HIGH = "high", _("hbo or university")


class LanguageLevel(models.TextChoices):
    # Kept to offer an interpreter or easy-language material; never a model feature.
    FLUENT = "fluent", _("Dutch: fluent")
    B1 = "b1", _("Dutch: B1 level")
    BELOW_B1 = "below_b1", _("Dutch: below B1, help with language is welcome")


class HealthLimitation(models.TextChoices):
    NONE = "none", _("no health limitation")
    SOME = "some", _("some health limitation")
    SEVERE = "severe", _("severe health limitation")


class ConsentPurpose(models.TextChoices):
    SENSITIVE_FACTS = "sensitive_facts", _(
        "Store my health, care duties and debts, so that support can take them into account"
    )
    # Check-ins ask about well-being and health: special-category data under the GDPR.
    CHECKINS = "checkins", _(
        "Store my check-in answers, including well-being and health, to follow how it goes "
        "and to learn what helps"
    )
