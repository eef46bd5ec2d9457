"""Form rendering in NL Design System (Utrecht) markup.

Settings: ``FORM_RENDERER = "meedoen.core.forms_renderer.MeedoenFormRenderer"``.

Then ``{{ form }}`` and ``{{ field.as_field_group }}`` give, per field: a label (with
"(required)" on required fields), the help text, the error message next to the field, and
the input with an Utrecht class. Django itself adds ``aria-invalid="true"`` and an
``aria-describedby`` pointing at ``<id>_helptext`` and ``<id>_error``; the templates use
those same ids. Radio buttons and checkbox lists are a ``<fieldset>`` with a ``<legend>``.
Errors that belong to no field are shown at the top of the form with ``role="alert"``,
together with a list of links to the fields that have an error.
"""

from __future__ import annotations

from django.forms import widgets as w
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

# Django's widget templates replaced by ours (the renderer looks up every widget template
# through get_template, so this works without overriding Django's files on disk).
TEMPLATE_OVERRIDES = {
    "django/forms/widgets/radio.html": "core/forms/widgets/choice_list.html",
    "django/forms/widgets/checkbox_select.html": "core/forms/widgets/choice_list.html",
}


def utrecht_classes(widget: w.Widget, *, invalid: bool = False) -> str:
    """The Utrecht CSS classes for a widget ("" for widgets without one)."""
    if isinstance(widget, w.CheckboxSelectMultiple):
        base = "utrecht-checkbox utrecht-checkbox--html-input"
        modifier = "utrecht-checkbox--invalid"
    elif isinstance(widget, w.RadioSelect):
        base = "utrecht-radio-button utrecht-radio-button--html-input"
        modifier = "utrecht-radio-button--invalid"
    elif isinstance(widget, w.CheckboxInput):
        base = "utrecht-checkbox utrecht-checkbox--html-input"
        modifier = "utrecht-checkbox--invalid"
    elif isinstance(widget, w.Select | w.SelectDateWidget):
        base = "utrecht-select utrecht-select--html-select"
        modifier = "utrecht-select--invalid"
    elif isinstance(widget, w.Textarea):
        base = "utrecht-textarea utrecht-textarea--html-textarea"
        modifier = "utrecht-textarea--invalid"
    elif isinstance(widget, w.HiddenInput | w.MultipleHiddenInput | w.FileInput):
        return ""
    elif isinstance(widget, w.Input | w.SplitDateTimeWidget):
        base = "utrecht-textbox utrecht-textbox--html-input"
        if isinstance(widget, w.NumberInput):
            base += " utrecht-textbox--numeric"
        elif isinstance(widget, w.PasswordInput):
            base += " utrecht-textbox--password"
        elif isinstance(widget, w.URLInput):
            base += " utrecht-textbox--url"
        modifier = "utrecht-textbox--invalid"
    else:
        return ""
    return f"{base} {modifier}" if invalid else base


class MeedoenBoundField(BoundField):
    """A bound field whose widget carries the Utrecht classes (added to any own classes)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = utrecht_classes(widget, invalid=bool(self.errors))
        if classes:
            # widget.build_attrs lets these attrs replace widget.attrs, so merge by hand.
            own = " ".join(
                c for c in (widget.attrs.get("class", ""), attrs.get("class", "")) if c
            )
            attrs["class"] = f"{classes} {own}".strip()
        return attrs

    @property
    def is_checkbox(self) -> bool:
        """A single checkbox: input first, then the label (Utrecht checkbox form field)."""
        return isinstance(self.field.widget, w.CheckboxInput)

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}_error" if self.auto_id else ""

    @property
    def helptext_id(self) -> str:
        return f"{self.auto_id}_helptext" if self.auto_id else ""


class MeedoenFormRenderer(DjangoTemplates):
    """Django's template renderer with Utrecht templates for forms, fields and choices."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = MeedoenBoundField

    def get_template(self, template_name):
        return super().get_template(TEMPLATE_OVERRIDES.get(template_name, template_name))
