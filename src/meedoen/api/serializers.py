"""Response shapes of API v1. Field names are camelCase, as the NL API Design Rules ask."""

from rest_framework import serializers

from meedoen.evidence_base.schema import InstrumentCode, Outcome
from meedoen.support.instruments import Instrument


class TextSerializer(serializers.Serializer):
    nl = serializers.CharField()
    en = serializers.CharField()


class InstrumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField(help_text="support, evidence_only (never offered) or context")
    name = TextSerializer()
    description = TextSerializer()
    estimateCount = serializers.IntegerField()


class SourceSerializer(serializers.Serializer):
    citation = serializers.CharField()
    url = serializers.URLField()
    year = serializers.IntegerField(allow_null=True)
    doi = serializers.CharField(allow_null=True)


class EstimateSerializer(serializers.Serializer):
    id = serializers.CharField()
    instrument = serializers.CharField()
    outcome = serializers.CharField()
    outcomeDetail = serializers.CharField(source="outcome_detail")
    design = serializers.CharField()
    status = serializers.CharField()
    country = serializers.CharField()
    targetGroup = TextSerializer(source="target_group")
    summary = TextSerializer()
    horizonMonths = serializers.FloatField(source="horizon_months", allow_null=True)
    horizonLabel = serializers.CharField(source="horizon_label")
    effect = serializers.FloatField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    ciLow = serializers.FloatField(source="ci_low", allow_null=True)
    ciHigh = serializers.FloatField(source="ci_high", allow_null=True)
    se = serializers.FloatField(allow_null=True)
    source = SourceSerializer()
    verification = serializers.CharField()


class EstimateFilterSerializer(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=[c.value for c in InstrumentCode],
                                         required=False)
    outcome = serializers.ChoiceField(choices=[o.value for o in Outcome], required=False)


class OfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    provider = serializers.CharField(source="provider.name")
    instrument = serializers.CharField()
    description = serializers.CharField()
    routes = serializers.ListField(child=serializers.CharField())
    durationWeeks = serializers.IntegerField(source="duration_weeks")
    shortProgramme = serializers.BooleanField(source="is_short")
    hoursPerWeek = serializers.DecimalField(source="hours_per_week", max_digits=4,
                                            decimal_places=1, coerce_to_string=False)
    location = serializers.CharField()
    accessibility = serializers.CharField()
    capacity = serializers.IntegerField()
    placesTaken = serializers.IntegerField(source="taking_part")
    waiting = serializers.IntegerField()
    costPerPerson = serializers.DecimalField(source="cost_per_person", max_digits=8,
                                             decimal_places=2, coerce_to_string=False)


class OfferFilterSerializer(serializers.Serializer):
    gemeente = serializers.RegexField(r"^GM\d{4}$", help_text="CBS municipality code, GM0363")
    instrument = serializers.ChoiceField(choices=Instrument.values, required=False)
