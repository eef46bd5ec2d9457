"""UI components ({% load ui %}), the Utrecht form renderer and the base template."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.forms.renderers import get_default_renderer
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from meedoen.core.charts import DataTable, LineChart, Series
from meedoen.core.forms_renderer import MeedoenFormRenderer


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


# ---------------------------------------------------------------- components


def test_button_defaults_to_primary_submit():
    html = render('{% button "Save" %}')
    assert '<button type="submit"' in html
    assert "utrecht-button utrecht-button--primary-action" in html
    assert ">Save</button>" in html


def test_button_options_and_escaping():
    html = render(
        '{% button label variant="secondary" type="button" name="action" value="x" %}',
        label="<b>Go</b>",
    )
    assert 'type="button"' in html
    assert "utrecht-button--secondary-action" in html
    assert 'name="action"' in html
    assert 'value="x"' in html
    assert "&lt;b&gt;Go&lt;/b&gt;" in html


def test_button_rejects_unknown_variant():
    with pytest.raises(TemplateSyntaxError):
        render('{% button "x" variant="shiny" %}')


def test_button_link():
    html = render('{% button_link "New" url variant="primary" %}', url="/a?b=1&c=2")
    assert 'href="/a?b=1&amp;c=2"' in html
    assert "utrecht-button-link--primary-action" in html


@pytest.mark.parametrize("kind", ["info", "ok", "warning", "error"])
def test_alert_types(kind):
    html = render("{% alert msg type=kind %}", msg="Hello & <bye>", kind=kind)
    assert f"utrecht-alert utrecht-alert--{kind}" in html
    assert "Hello &amp; &lt;bye&gt;" in html
    assert 'class="meedoen-visually-hidden"' in html  # type is spoken, not only shown
    assert "role=" not in html  # static content is not a live region
    assert 'aria-hidden="true"' in html  # the icon


def test_alert_role_and_heading():
    html = render('{% alert "Saved." type="ok" heading="Done" role="status" %}')
    assert 'role="status"' in html
    assert "Done" in html


def test_alert_rejects_unknown_type():
    with pytest.raises(TemplateSyntaxError):
        render('{% alert "x" type="danger" %}')


def test_alert_type_filter_maps_message_levels():
    html = render(
        "{% for m in messages %}{% alert m type=m.level_tag|alert_type %}{% endfor %}",
        messages=[
            Message(message_levels.SUCCESS, "saved"),
            Message(message_levels.ERROR, "failed"),
        ],
    )
    assert "utrecht-alert--ok" in html
    assert "utrecht-alert--error" in html


def test_data_list():
    html = render(
        "{% data_list items %}", items=[("Route", "Learning <now>"), ("End", None)]
    )
    assert "<dt" in html and "<dd" in html
    assert "Learning &lt;now&gt;" in html
    assert "Not filled in" in html


def test_line_chart_and_data_table_tags():
    chart = LineChart(
        title="Health",
        y_label="1-5",
        y_min=1,
        y_max=5,
        x=[datetime.date(2026, 3, 2)],
        series=[Series("Health", [3])],
    )
    html = render('{% line_chart chart id_prefix="h" %}', chart=chart)
    assert 'aria-labelledby="h-title h-desc"' in html
    assert "<caption" in html
    html = render(
        "{% data_table table %}",
        table=DataTable(caption="T", columns=["a", "b"], rows=[["x", 1]]),
    )
    assert '<caption class="utrecht-table__caption">T</caption>' in html


# ---------------------------------------------------------------- form renderer


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="How you like to be called.")
    note = forms.CharField(label="Note", widget=forms.Textarea, required=False)
    provider = forms.ChoiceField(label="Provider", choices=[("a", "A"), ("b", "B")])
    route = forms.ChoiceField(
        label="Route", choices=[("w", "Work"), ("r", "Rest")], widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        required=False,
        choices=[("h", "Health")],
        widget=forms.CheckboxSelectMultiple,
    )
    agree = forms.BooleanField(label="I agree")
    hours = forms.IntegerField(
        label="Hours", required=False, widget=forms.NumberInput(attrs={"class": "own"})
    )

    def clean(self):
        raise forms.ValidationError("Not now <b>please</b>.")


@pytest.fixture
def renderer(settings):
    settings.FORM_RENDERER = "meedoen.core.forms_renderer.MeedoenFormRenderer"
    get_default_renderer.cache_clear()
    yield get_default_renderer()
    get_default_renderer.cache_clear()


def test_renderer_is_configured(renderer):
    assert isinstance(renderer, MeedoenFormRenderer)


def test_valid_looking_form_markup(renderer):
    html = str(SampleForm())
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in html
    assert "utrecht-textarea utrecht-textarea--html-textarea" in html
    assert "utrecht-select utrecht-select--html-select" in html
    assert "utrecht-radio-button utrecht-radio-button--html-input" in html
    assert "utrecht-checkbox utrecht-checkbox--html-input" in html
    assert "utrecht-textbox--numeric own" in html  # own classes are kept
    assert '<label class="utrecht-form-label" for="id_name">Name' in html
    assert 'id="id_name_helptext"' in html
    assert 'aria-describedby="id_name_helptext"' in html
    assert "(required)" in html
    assert "aria-invalid" not in html
    assert 'role="alert"' not in html


def test_radio_and_checkbox_lists_are_fieldsets(renderer):
    html = str(SampleForm())
    fieldsets = re.findall(r"<fieldset.*?</fieldset>", html, re.S)
    legends = [re.search(r"<legend[^>]*>(.*?)</legend>", f, re.S).group(1) for f in fieldsets]
    assert any(legend.startswith("Route") for legend in legends)
    assert any(legend.startswith("Topics") for legend in legends)
    route = next(f for f in fieldsets if "Route" in f)
    assert 'for="id_route_0"' in route
    assert 'id="id_route_0"' in route


def test_errors_next_to_the_field(renderer):
    form = SampleForm(data={"name": "", "provider": "a", "hours": "x"})
    assert not form.is_valid()
    html = str(form)
    # error message with the id that aria-describedby points to
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    name_input = re.search(r'<input type="text" name="name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in name_input
    assert "utrecht-textbox--invalid" in name_input
    assert "utrecht-form-field-error-message" in html
    # the error sits inside the field's own block, before the input
    label = html.index('for="id_name"')
    error = html.index('id="id_name_error"')
    field = html.index('name="name"')
    next_label = html.index('for="id_note"')
    assert label < error < field < next_label
    # radio group: fieldset describes itself with the error
    route = re.search(r"<fieldset[^>]*>.*?Route.*?</fieldset>", html, re.S).group(0)
    assert 'aria-describedby="id_route_error"' in route
    assert 'id="id_route_error"' in route


def test_non_field_errors_on_top_with_role_alert(renderer):
    form = SampleForm(data={"name": "x", "provider": "a", "route": "w", "agree": "on"})
    assert not form.is_valid()
    html = str(form)
    summary = html.split("utrecht-form-field")[0]
    assert 'role="alert"' in summary
    assert "Not now &lt;b&gt;please&lt;/b&gt;." in summary


def test_error_summary_links_to_fields(renderer):
    form = SampleForm(data={})
    form.is_valid()
    html = str(form)
    assert 'href="#id_name"' in html
    assert 'href="#id_route"' in html  # radio groups link to the group


def test_as_field_group(renderer):
    form = SampleForm()
    html = form["agree"].as_field_group()
    assert "utrecht-form-field--checkbox" in html
    assert html.index("<label") < html.index("<input")  # markup order; CSS puts box first


# ---------------------------------------------------------------- base template


def base_request(user=None, path="/plan?x=1"):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    request.session = {}
    return request


def test_base_template_anonymous():
    request = base_request()
    html = render_to_string(
        "core/base.html",
        {"nav_items": []},
        request=request,
    )
    assert '<html lang="en"' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "voorbeeld-theme" in html
    assert "meedoen/meedoen.css" in html
    assert 'name="next" value="/plan?x=1"' in html
    assert 'value="nl"' in html and "Nederlands" in html
    assert "English" in html
    assert "Log out" not in html
    assert "<script" not in html
    assert "style=" not in html


def test_base_template_with_user_navigation_and_messages():
    user = SimpleNamespace(
        is_authenticated=True,
        display_name="Ann <de> Vries",
        role="nobody",
        get_full_name=lambda: "",
        get_username=lambda: "ann",
    )
    request = base_request(user)
    request.municipality = SimpleNamespace(name="Gemeente Voorbeeld")
    nav = [
        SimpleNamespace(url="/a", label="Plan", active=True),
        SimpleNamespace(url="/b", label="Data", active=False),
    ]
    html = render_to_string(
        "core/base.html",
        {"nav_items": nav, "messages": [Message(message_levels.SUCCESS, "Saved.")]},
        request=request,
    )
    assert "Gemeente Voorbeeld" in html
    assert "Ann &lt;de&gt; Vries" in html
    assert 'href="/a" aria-current="page"' in html
    assert 'href="/b">' in html
    assert 'role="status"' in html
    assert "utrecht-alert--ok" in html
    assert "csrfmiddlewaretoken" in html
    assert 'method="post"' in html


def test_base_template_blocks():
    html = Template(
        '{% extends "core/base.html" %}{% block title %}T{% endblock %}'
        "{% block heading %}H{% endblock %}{% block content %}<p>C</p>{% endblock %}"
    ).render(Context({"request": base_request()}))
    assert "<title>T — meedoen</title>" in html
    assert re.search(r"<h1[^>]*>H</h1>", html)
    assert "<p>C</p>" in html
