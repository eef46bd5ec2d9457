import datetime

from django import template

register = template.Library()


@register.filter
def minutes(duration: datetime.timedelta | None) -> int:
    return int(duration.total_seconds() // 60) if duration else 0
