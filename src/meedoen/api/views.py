"""API v1: the published evidence base and the public support catalogue. Read-only, open data."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from meedoen.api import serializers
from meedoen.evidence_base import default_evidence_base
from meedoen.evidence_base.schema import InstrumentCode
from meedoen.support.selectors import public_offers


class OpenDataView(GenericAPIView):
    """Published information: readable without an account."""

    permission_classes = [AllowAny]
    authentication_classes = []


class InstrumentList(OpenDataView):
    serializer_class = serializers.InstrumentSerializer
    pagination_class = None

    def get(self, request: Request) -> Response:
        base = default_evidence_base()
        rows = [self._row(base, instrument) for instrument in base.instruments.values()]
        return Response(self.get_serializer(rows, many=True).data)

    @staticmethod
    def _row(base, instrument) -> dict:
        return {"code": instrument.code, "kind": instrument.kind, "name": instrument.name,
                "description": instrument.description,
                "estimateCount": len(base.for_instrument(instrument.code))}


class InstrumentDetail(OpenDataView):
    serializer_class = serializers.InstrumentSerializer

    def get(self, request: Request, code: str) -> Response:
        base = default_evidence_base()
        if code not in InstrumentCode.__members__.values():
            raise Http404
        return Response(self.get_serializer(
            InstrumentList._row(base, base.instruments[InstrumentCode(code)])).data)


class EstimateList(OpenDataView):
    serializer_class = serializers.EstimateSerializer

    @extend_schema(parameters=[serializers.EstimateFilterSerializer])
    def get(self, request: Request) -> Response:
        filters = serializers.EstimateFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        estimates = [e for e in default_evidence_base().estimates if e.display]
        for name in ("instrument", "outcome"):
            if value := filters.validated_data.get(name):
                estimates = [e for e in estimates if getattr(e, name) == value]
        page = self.paginate_queryset(estimates)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class EstimateDetail(OpenDataView):
    serializer_class = serializers.EstimateSerializer

    def get(self, request: Request, estimate_id: str) -> Response:
        try:
            estimate = default_evidence_base().get(estimate_id)
        except KeyError:
            raise Http404 from None
        return Response(self.get_serializer(estimate).data)


class OfferList(OpenDataView):
    serializer_class = serializers.OfferSerializer

    @extend_schema(parameters=[serializers.OfferFilterSerializer,
                               OpenApiParameter("gemeente", required=True)])
    def get(self, request: Request) -> Response:
        filters = serializers.OfferFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        offers = public_offers(filters.validated_data["gemeente"],
                               instrument=filters.validated_data.get("instrument", ""))
        page = self.paginate_queryset(offers)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
