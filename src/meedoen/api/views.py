"""API v1: the published evidence base and the public support catalogue. Read-only, open data."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from meedoen.api import serializers
from meedoen.evidence_base import default_evidence_base
from meedoen.evidence_base.schema import InstrumentCode
from meedoen.support.selectors import public_offers


def query(request: Request) -> dict[str, str]:
    """The query string as a plain dict: with a QueryDict, DRF reads an empty value as "not
    given" and would accept ``?outcome=`` although the schema forbids it."""
    return request.query_params.dict()


class OpenDataView(GenericAPIView):
    """Published information: readable without an account."""

    permission_classes = [AllowAny]
    authentication_classes = []


class InstrumentList(OpenDataView, ListAPIView):
    serializer_class = serializers.InstrumentSerializer
    pagination_class = None

    def get_queryset(self) -> list[dict]:
        base = default_evidence_base()
        return [instrument_row(base, instrument) for instrument in base.instruments.values()]


def instrument_row(base, instrument) -> dict:
    return {"code": instrument.code, "kind": instrument.kind, "name": instrument.name,
            "description": instrument.description,
            "estimateCount": len(base.for_instrument(instrument.code))}


class InstrumentDetail(OpenDataView):
    serializer_class = serializers.InstrumentSerializer

    def get(self, request: Request, code: str) -> Response:
        base = default_evidence_base()
        try:
            instrument = base.instruments[InstrumentCode(code)]
        except (ValueError, KeyError):
            raise Http404 from None
        return Response(self.get_serializer(instrument_row(base, instrument)).data)


class EstimateList(OpenDataView, ListAPIView):
    serializer_class = serializers.EstimateSerializer

    @extend_schema(parameters=[serializers.EstimateFilterSerializer])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> list:
        filters = serializers.EstimateFilterSerializer(data=query(self.request))
        filters.is_valid(raise_exception=True)
        estimates = [e for e in default_evidence_base().estimates if e.display]
        for name in ("instrument", "outcome"):
            if value := filters.validated_data.get(name):
                estimates = [e for e in estimates if getattr(e, name) == value]
        return estimates


class EstimateDetail(OpenDataView):
    serializer_class = serializers.EstimateSerializer

    def get(self, request: Request, estimate_id: str) -> Response:
        try:
            estimate = default_evidence_base().get(estimate_id)
        except KeyError:
            raise Http404 from None
        return Response(self.get_serializer(estimate).data)


class OfferList(OpenDataView, ListAPIView):
    serializer_class = serializers.OfferSerializer

    @extend_schema(parameters=[serializers.OfferFilterSerializer])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = serializers.OfferFilterSerializer(data=query(self.request))
        filters.is_valid(raise_exception=True)
        return public_offers(filters.validated_data["gemeente"],
                             instrument=filters.validated_data.get("instrument", ""))
