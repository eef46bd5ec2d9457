"""API v1 for opportunities (open data: no personal data) and a resident's own interest.

``/kansen?gemeente=GM9999`` lists a municipality's published opportunities, like
``/aanbod``. ``/interesses`` is the signed-in resident's own: list, show interest
(``POST {"kans": id}``), withdraw (``DELETE /interesses/{id}``). The rules are those of
the pages, through the same services; refusals are problem+json.
"""

from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from meedoen.accounts.roles import Role
from meedoen.api.problems import PROBLEM_TYPE
from meedoen.api.schema import ProblemSerializer
from meedoen.api.views import OpenDataView, query
from meedoen.core.errors import DomainError
from meedoen.employers import selectors, services
from meedoen.employers.models import Interest, Opportunity, OpportunityKind
from meedoen.people.selectors import resident_for_user


class OpportunitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    employer = serializers.CharField(source="employer.name")
    kind = serializers.ChoiceField(choices=OpportunityKind.values)
    route = serializers.CharField()
    description = serializers.CharField()
    tasks = serializers.ListField(child=serializers.CharField())
    hoursMin = serializers.IntegerField(source="hours_min")
    hoursMax = serializers.IntegerField(source="hours_max")
    place = serializers.CharField()
    adaptations = serializers.ListField(child=serializers.CharField())
    supportWanted = serializers.ListField(child=serializers.CharField(),
                                         source="support_wanted")
    places = serializers.IntegerField()
    publishedAt = serializers.DateTimeField(source="published_at", allow_null=True)


class OpportunityFilterSerializer(serializers.Serializer):
    gemeente = serializers.RegexField(r"^GM\d{4}$", help_text="CBS municipality code, GM0363")
    soort = serializers.ChoiceField(choices=OpportunityKind.values, required=False,
                                    help_text="kind of opportunity")


def _published():
    return (Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED)
            .select_related("employer").order_by("-published_at", "-id"))


class OpportunityList(OpenDataView, ListAPIView):
    serializer_class = OpportunitySerializer

    @extend_schema(parameters=[OpportunityFilterSerializer])
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = OpportunityFilterSerializer(data=query(self.request))
        filters.is_valid(raise_exception=True)
        opportunities = _published().filter(
            municipality__code=filters.validated_data["gemeente"])
        if kind := filters.validated_data.get("soort"):
            opportunities = opportunities.filter(kind=kind)
        return opportunities


class OpportunityDetail(OpenDataView):
    serializer_class = OpportunitySerializer

    def get(self, request: Request, opportunity_id: int) -> Response:
        opportunity = _published().filter(pk=opportunity_id).first()
        if opportunity is None:
            raise Http404
        return Response(self.get_serializer(opportunity).data)


# -- a resident's own interest -------------------------------------------------------------

class IsResident(BasePermission):
    message = "Only residents have interests of their own."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated
                    and request.user.role == Role.RESIDENT
                    and resident_for_user(request.user) is not None)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state."


class InterestSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kans = serializers.IntegerField(source="opportunity_id", min_value=1,
                                    help_text="id of a published opportunity (/kansen)")
    title = serializers.CharField(source="opportunity.title", read_only=True)
    status = serializers.ChoiceField(choices=Interest.Status.values, read_only=True)
    createdAt = serializers.DateTimeField(source="created_at", read_only=True)


def _problem(status_code: int, text: str):
    return OpenApiResponse(ProblemSerializer, description=text)


PROBLEMS = {
    (403, PROBLEM_TYPE): _problem(403, "not signed in as a resident"),
    (409, PROBLEM_TYPE): _problem(409, "refused: no profile yet, already interested, ..."),
}


class ResidentView(GenericAPIView):
    permission_classes = [IsAuthenticated, IsResident]
    serializer_class = InterestSerializer

    @property
    def resident(self):
        return resident_for_user(self.request.user)


class InterestList(ResidentView, ListAPIView):
    @extend_schema(responses={200: InterestSerializer(many=True), **PROBLEMS})
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (selectors.interests_of(self.resident).filter(status__in=Interest.OPEN)
                .order_by("-created_at", "-id"))

    @extend_schema(request=InterestSerializer,
                   responses={201: InterestSerializer, **PROBLEMS})
    def post(self, request: Request) -> Response:
        body = InterestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        resident = self.resident
        opportunity = selectors.published(resident).filter(
            pk=body.validated_data["opportunity_id"]).first()
        if opportunity is None:
            raise exceptions.ValidationError({"kans": ["No published opportunity with this id "
                                                       "in your municipality."]})
        try:
            with transaction.atomic():
                interest = services.interest_show(resident=resident, actor=request.user,
                                                  opportunity=opportunity)
        except DomainError as refusal:
            raise Conflict(refusal.message) from None
        return Response(InterestSerializer(interest).data, status=status.HTTP_201_CREATED)


class InterestDetail(ResidentView):
    @extend_schema(responses={200: InterestSerializer, **PROBLEMS})
    def get(self, request: Request, interest_id: int) -> Response:
        return Response(InterestSerializer(selectors.interest_of(self.resident,
                                                                 interest_id)).data)

    @extend_schema(responses={204: None, **PROBLEMS})
    def delete(self, request: Request, interest_id: int) -> Response:
        """Withdraw: the employer no longer sees the person for this opportunity."""
        interest = selectors.interest_of(self.resident, interest_id)
        try:
            services.interest_withdraw(interest=interest, actor=request.user)
        except DomainError as refusal:
            raise Conflict(refusal.message) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
