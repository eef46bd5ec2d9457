"""UI components in NL Design System (Utrecht) markup: ``{% load ui %}``.

See docs/ui.md for examples. Every text argument is escaped unless it is already safe HTML.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from meedoen.core import charts

register = template.Library()

BUTTON_VARIANTS = {
    "primary": "primary-action",
    "secondary": "secondary-action",
    "subtle": "subtle",
}
ALERT_TYPES = ("info", "ok", "warning", "error")
# Read out before the message, so the type does not depend on colour or icon alone.
ALERT_PREFIXES = {
    "info": _("Information:"),
    "ok": _("Done:"),
    "warning": _("Warning:"),
    "error": _("Error:"),
}
# django.contrib.messages level tags -> alert types
MESSAGE_LEVEL_TYPES = {
    "debug": "info",
    "info": "info",
    "success": "ok",
    "warning": "warning",
    "error": "error",
}


def _variant(variant: str) -> str:
    try:
        return BUTTON_VARIANTS[variant]
    except KeyError:
        raise template.TemplateSyntaxError(
            f"button variant must be one of {', '.join(BUTTON_VARIANTS)}, not {variant!r}"
        ) from None


@register.inclusion_tag("core/components/button.html")
def button(label, variant="primary", type="submit", name="", value="", disabled=False,
           danger=False, form=""):
    """``{% button _("Save") variant="primary" type="submit" %}`` -- an Utrecht button."""
    if type not in ("submit", "button", "reset"):
        raise template.TemplateSyntaxError(f"button type must be submit, button or reset: {type!r}")
    return {
        "label": label,
        "variant": _variant(variant),
        "type": type,
        "name": name,
        "value": value,
        "disabled": disabled,
        "danger": danger,
        "form_id": form,
    }


@register.inclusion_tag("core/components/button_link.html")
def button_link(label, url, variant="secondary"):
    """``{% button_link _("New plan") url variant="primary" %}`` -- a link that looks like a
    button (for navigation; use ``{% button %}`` for actions)."""
    return {"label": label, "url": url, "variant": _variant(variant)}


@register.inclusion_tag("core/components/alert.html")
def alert(message, type="info", heading="", role=""):
    """``{% alert message type="info|ok|warning|error" heading="" role="" %}``.

    ``role`` is empty by default (static page content); use ``role="status"`` or
    ``role="alert"`` only for a message that appears as the result of an action.
    """
    if type not in ALERT_TYPES:
        raise template.TemplateSyntaxError(
            f"alert type must be one of {', '.join(ALERT_TYPES)}, not {type!r}"
        )
    if role not in ("", "status", "alert"):
        raise template.TemplateSyntaxError(f"alert role must be '', status or alert: {role!r}")
    return {
        "message": message,
        "type": type,
        "heading": heading,
        "role": role,
        "prefix": ALERT_PREFIXES[type],
    }


@register.filter
def alert_type(level_tag: str) -> str:
    """``{{ message.level_tag|alert_type }}``: a messages level tag as an alert type."""
    return MESSAGE_LEVEL_TYPES.get(str(level_tag).split()[-1] if level_tag else "", "info")


@register.inclusion_tag("core/components/data_list.html")
def data_list(items, rows=False):
    """``{% data_list items %}`` -- a definition list of ``(term, value)`` pairs (or a dict).

    Values may be safe HTML; ``None`` and "" are shown as "not filled in".
    """
    pairs = list(items.items()) if hasattr(items, "items") else list(items)
    return {"pairs": pairs, "rows": rows}


@register.simple_tag
def line_chart(chart: charts.LineChart, id_prefix: str | None = None) -> SafeString:
    """``{% line_chart chart %}`` -- SVG line chart with its data table beside it."""
    return charts.render_line_chart(chart, id_prefix=id_prefix)


@register.simple_tag
def bar_chart(chart: charts.BarChart, id_prefix: str | None = None) -> SafeString:
    """``{% bar_chart chart %}`` -- SVG bar chart with its data table beside it."""
    return charts.render_bar_chart(chart, id_prefix=id_prefix)


@register.simple_tag
def chart(chart: charts.LineChart | charts.BarChart, id_prefix: str | None = None) -> SafeString:
    """``{% chart chart %}`` -- either kind of chart."""
    return charts.render_chart(chart, id_prefix=id_prefix)


@register.simple_tag
def data_table(table: charts.DataTable) -> SafeString:
    """``{% data_table table %}`` -- an Utrecht table with caption (a ``charts.DataTable``)."""
    return charts.render_data_table(table)
