import datetime

from django import template

register = template.Library()


@register.filter
def parse_iso_date(value: str) -> datetime.date | str:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
