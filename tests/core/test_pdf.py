"""PDF reports: tagged (accessible) PDF with a title and a language, static CSS from disk only."""

from __future__ import annotations

import re
import zlib

import pytest
from django.test import RequestFactory, override_settings
from django.utils import translation

from meedoen.core.pdf import _make_fetcher, html_to_pdf, render_pdf

REPORT = """{% load static %}<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="{% static 'meedoen/meedoen.css' %}"></head>
<body><h1>{{ title }}</h1><p>Tekst in B1.</p>
<table><thead><tr><th scope="col">Route</th><th scope="col">Aantal</th></tr></thead>
<tbody><tr><td>Werk</td><td>12</td></tr></tbody></table></body></html>"""

NO_TITLE = "<!doctype html><html><head><meta charset='utf-8'></head><body><p>x</p></body></html>"

LOCMEM_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {"report.html": REPORT, "bare.html": NO_TITLE},
                )
            ],
        },
    }
]


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated, so compressed objects can be searched."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.fixture
def rf() -> RequestFactory:
    return RequestFactory()


@override_settings(TEMPLATES=LOCMEM_TEMPLATES)
def test_render_pdf_returns_a_tagged_pdf_download_with_title_and_language(rf):
    request = rf.get("/rapport")
    with translation.override("nl"):
        request.LANGUAGE_CODE = "nl"
        response = render_pdf(
            request,
            "report.html",
            {"title": "Scenariorapport Voorbeeld", "lang": "nl"},
            "scenario.pdf",
        )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="scenario.pdf"'
    body = response.content
    assert body.startswith(b"%PDF-")
    text = pdf_text(body)
    assert b"/StructTreeRoot" in text  # tagged: a structure tree for assistive technology
    assert b"/MarkInfo" in text
    assert b"(Scenariorapport Voorbeeld)" in text
    assert b"/Lang (nl)" in text
    # Table headers survive as structure elements, so cells keep their headers.
    assert b"/TH" in text


@override_settings(TEMPLATES=LOCMEM_TEMPLATES)
def test_language_and_title_fall_back_to_request_language_and_file_name(rf):
    request = rf.get("/rapport")
    with translation.override("en"):
        request.LANGUAGE_CODE = "en"
        response = render_pdf(request, "bare.html", {}, "beleidslab-rapport.pdf")
    text = pdf_text(response.content)
    assert b"/Lang (en)" in text
    assert b"(beleidslab-rapport)" in text


def test_document_language_wins_over_the_request_language():
    pdf = html_to_pdf(
        '<html lang="nl"><head><title>T</title></head><body><p>Hallo</p></body></html>',
        base_url="http://testserver/",
        lang="en",
        fallback_title="x",
    )
    text = pdf_text(pdf)
    assert b"/Lang (nl)" in text
    assert b"/Lang (en)" not in text


def test_static_css_is_read_from_disk_through_the_finders():
    response = _make_fetcher().fetch("http://testserver/static/meedoen/meedoen.css")
    assert response.content_type == "text/css"
    assert len(response.read()) > 100


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/tracker.png",
        "http://testserver/media/upload.png",
        "file:///etc/passwd",
        "http://testserver/static/../../etc/passwd",
        "http://testserver/static/meedoen/does-not-exist.css",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    # The renderer runs inside the server: a URL in a template must never make it call out.
    with pytest.raises(ValueError):
        _make_fetcher().fetch(url)
