from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def digid_enabled() -> bool:
    """Show the DigiD button only where a broker (or the development mock) is configured."""
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
