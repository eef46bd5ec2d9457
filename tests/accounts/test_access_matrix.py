"""Authorization matrix: every URL, every role, own / someone else's / another municipality's.

Deny by default: a URL without a declared rule fails the first test, so a new page cannot
ship without saying who may use it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from meedoen.accounts.roles import Role
from meedoen.advice.models import Advice
from meedoen.insights.models import PolicyComparison
from meedoen.people.models import DataExport, RightsRequest
from meedoen.plans.models import Proposal
from meedoen.support.models import Enrolment, Lottery
from tests.accounts.factories import ProfessionalFactory, UserFactory
from tests.core.factories import MunicipalityFactory
from tests.employers.factories import access_matrix_objects
from tests.people.factories import ResidentFactory
from tests.pilots.factories import registered_pilot
from tests.plans.factories import GoalFactory, PlanFactory, StepFactory
from tests.support.factories import OfferFactory

PUBLIC = {"core:accessibility", "accounts:login", "accounts:logout", "set_language",
          # Open data of API v1: the evidence base and the catalogue, no personal data.
          "api:openapi", "api:instruments", "api:instrument", "api:estimates", "api:estimate",
          "api:offers",
          # Quality cards of offers and providers, open data: aggregates, small cells left out.
          "support:transparency", "support:transparency_csv", "support:transparency_json",
          # Published opportunities of employers: open data like the catalogue.
          "api:opportunities", "api:opportunity",
          # DigiD login (OIDC): before anyone is signed in; the mock provider is in tests only.
          "accounts:digid_login", "accounts:digid_callback", "accounts:digid_link",
          "accounts:oidc_mock_configuration", "accounts:oidc_mock_authorize",
          "accounts:oidc_mock_token", "accounts:oidc_mock_userinfo", "accounts:oidc_mock_jwks",
          # The Algoritmeregister entry: public by law, generated, no personal data.
          "accountability:register_index", "accountability:register",
          "accountability:register_json"}
# API endpoints with their own permission classes (answered as problem+json, not a login
# redirect), tested in their app: a resident's own interests.
API_OWN_RULES = {"api:interests", "api:interest"}
# Open to every resident of the same municipality (the catalogue); still closed to others.
SHARED_WITHIN_TOWN = {"support:offer", "support:choose", "support:switch",
                      "support:provider_page",
                      # The municipality's analysts run draws for any offer in their town.
                      "support:draw", "support:draw_record",
                      # Policy comparisons are shared among the municipality's analysts.
                      "insights:comparison", "insights:comparison_csv",
                      "insights:comparison_pdf",
                      # Pilots are the municipality's: its analysts run them, its residents
                      # are asked to take part.
                      "pilots:detail", "pilots:edit", "pilots:register", "pilots:lottery",
                      "pilots:analyse", "pilots:join", "pilots:decline", "pilots:withdraw",
                      # Published opportunities are open to every resident of the town;
                      # allocation rounds belong to the municipality's employer service.
                      "employers:chance", "employers:interest", "employers:round",
                      # The municipality's administrators decide on every request of the town.
                      "people:rights_request_decide"}
# Pages about published research: the same for every municipality, nobody's data.
NOT_TENANT_DATA = {"evidence:instrument"}
# Any signed-in role: the start page sends people on; the two-step login is for staff.
SIGNED_IN = {"core:home", "accounts:setup_two_factor", "accounts:verify"}
ADMIN_NAMESPACE = "admin"
ALLOWED_STATUSES = {200, 302, 400, 405, 409}


def url_patterns(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns,
                                    pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and namespace != ADMIN_NAMESPACE:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern


PAGES = dict(url_patterns())


def test_every_url_declares_who_may_use_it():
    undeclared = [name for name, pattern in PAGES.items()
                  if name not in PUBLIC | SIGNED_IN | API_OWN_RULES
                  and not getattr(pattern.callback, "allowed_roles", None)]
    assert not undeclared, f"URLs without an access rule: {undeclared}"


@pytest.fixture
def world(db):
    """Municipality A with two residents (each with their own professional and provider),
    and municipality B with the same."""
    def town(municipality=None):
        municipality = municipality or MunicipalityFactory()
        professional = ProfessionalFactory(municipality=municipality)
        resident = ResidentFactory(municipality=municipality, professional=professional)
        plan = PlanFactory(resident=resident)
        goal = GoalFactory(plan=plan)
        step = StepFactory(goal=goal)
        proposal = Proposal.objects.create(plan=plan, kind="add_step", goal=goal, text="x",
                                           reason="y", proposed_by=professional)
        export = DataExport.objects.create(municipality=municipality, resident=resident,
                                           status=DataExport.Status.READY, content={})
        offer = OfferFactory(provider__municipality=municipality)
        enrolment = Enrolment.objects.create(municipality=municipality, resident=resident,
                                             offer=offer, status=Enrolment.Status.ACTIVE,
                                             started_at=timezone.now())
        lottery = Lottery.objects.create(municipality=municipality, offer=offer, seed=1,
                                         places=1)
        objects = {"goal_id": goal.pk, "step_id": step.pk, "proposal_id": proposal.pk,
                   "export_id": export.pk, "resident_id": resident.pk, "offer_id": offer.pk,
                   "enrolment_id": enrolment.pk, "provider_staff": offer.provider.staff.get(),
                   "provider_id": offer.provider_id, "lottery_id": lottery.pk,
                   "instrument": "supported_employment",
                   "request_id": RightsRequest.objects.create(
                       municipality=municipality, resident=resident, kind="erasure").pk,
                   "pilot_id": registered_pilot(offer).pk,
                   "advice_id": Advice.objects.create(
                       municipality=municipality, resident=resident, author=professional,
                       goal=goal, route=goal.route, offer=offer, explanation="x y z w",
                       engine=Advice.Engine.NO_RANKING).pk,
                   "comparison_id": PolicyComparison.objects.create(
                       municipality=municipality, title="x", scenarios=[], people=100,
                       months=12, draws=10, seed=1, status="ready",
                       result={"months": 12, "scenarios": []}).pk}
        objects |= access_matrix_objects(municipality, resident, professional)
        return municipality, professional, resident, objects

    municipality, professional, resident, own = town()
    # A neighbour with their own professional and provider, in the same municipality.
    _m, _colleague, _neighbour, same_town = town(municipality)
    neighbour_town = town()
    users = {role: UserFactory(role=role, municipality=municipality) for role in Role}
    users[Role.RESIDENT] = resident.user
    users[Role.PROFESSIONAL] = professional
    users[Role.PROVIDER] = own["provider_staff"]
    users[Role.EMPLOYER] = own["employer_staff"]
    users[Role.ADMIN].is_staff = users[Role.ADMIN].is_superuser = True
    users[Role.ADMIN].save()
    return {"users": users, "own": own, "same_town": same_town,
            "other_town": neighbour_town[3]}


def url_for(name: str, pattern: URLPattern, objects: dict) -> str:
    kwargs = {key: objects[key] for key in pattern.pattern.converters}
    return reverse(name, kwargs=kwargs)


def request(client, url: str) -> int:
    status = client.get(url).status_code
    if status == 405:
        status = client.post(url, {}).status_code
    return status


ROLE_PAGES = sorted(name for name, p in PAGES.items() if getattr(p.callback, "allowed_roles", None))


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", ROLE_PAGES)
def test_role_pages_open_only_for_their_roles_and_own_objects(client, world, role, name):
    pattern = PAGES[name]
    allowed = role in pattern.callback.allowed_roles
    client.force_login(world["users"][role])
    own_status = request(client, url_for(name, pattern, world["own"]))
    if not allowed:
        assert own_status == 404, f"{role} reached {name}"
        return
    assert own_status in ALLOWED_STATUSES, f"{role} could not use own {name}: {own_status}"
    if pattern.pattern.converters and name not in NOT_TENANT_DATA:
        for scope in ("same_town", "other_town"):
            status = request(client, url_for(name, pattern, world[scope]))
            if scope == "same_town" and name in SHARED_WITHIN_TOWN:
                assert status in ALLOWED_STATUSES, f"{role} could not use {name}: {status}"
            else:
                assert status == 404, f"{role} reached {scope} object via {name}: {status}"


@pytest.mark.parametrize("name", ROLE_PAGES + sorted(SIGNED_IN))
def test_anonymous_visitors_are_sent_to_login(client, world, name):
    url = url_for(name, PAGES[name], world["own"])
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", list(Role))
def test_only_administrators_reach_the_admin(client, world, role):
    client.force_login(world["users"][role])
    status = client.get(reverse("admin:index")).status_code
    assert status == (200 if role == Role.ADMIN else 302)
