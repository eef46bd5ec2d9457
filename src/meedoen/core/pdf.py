"""Accessible PDF documents rendered from Django templates (WeasyPrint).

Usage (in a view that already checked access and wrote its processing-log entry)::

    return render_pdf(request, "insights/scenario_report.html", context, "beleidslab.pdf")

The template is a complete HTML document. What makes the PDF accessible:

* it is a **tagged PDF** (PDF/UA-1 variant: a structure tree with headings, tables and lists,
  so a screen reader reads it in order and table cells keep their headers);
* the **document language** is the ``lang`` of the template's ``<html>``, and otherwise the
  request's active language — a screen reader needs it to pronounce Dutch as Dutch;
* the **title** is the template's ``<title>`` (PDF/UA asks that viewers show it instead of the
  file name); without one, the file name is used so that there is always a title.

Stylesheets: ``{% static %}`` links in the template are read from disk through the staticfiles
finders (and, for hashed names after ``collectstatic``, from the static storage). Nothing is
fetched over the network: the renderer runs inside the server, so an address in a template
must never make the server call out (SSRF). Only ``data:`` URLs and static files load.
A small default print stylesheet (A4, margins, page numbers, no navigation) always applies first.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

__all__ = ["PDF_CONTENT_TYPE", "PRINT_CSS", "html_to_pdf", "render_pdf"]

PDF_CONTENT_TYPE = "application/pdf"

# Applied before the template's own stylesheets, which may override it.
PRINT_CSS = """
@page {
  size: A4;
  margin: 18mm 16mm 20mm 16mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; }
}
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       line-height: 1.4; color: #1a1a1a; }
h1 { font-size: 18pt; margin: 0 0 6mm; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; break-after: avoid; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; break-inside: auto; }
th, td { border: 0.5pt solid #888; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
td.number, th.number, td.num, th.num { text-align: right; }
thead { display: table-header-group; }
tr, figure, svg { break-inside: avoid; }
svg { max-width: 100%; height: auto; }
nav, .no-print, form, button, .skip-link { display: none !important; }
a { color: inherit; }
"""


def _static_path(url: str) -> Path | None:
    """The file on disk behind a static URL, or None when ``url`` is not a static file."""
    path = unquote(urlsplit(url).path)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(static_prefix):
        return None
    relative = posixpath.normpath(path.removeprefix(static_prefix))
    if relative.startswith(("../", "/")) or relative == "..":
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    # After collectstatic the template links hashed names, which only the storage knows.
    try:
        stored = Path(staticfiles_storage.path(relative))
    except (NotImplementedError, ValueError):
        return None
    return stored if stored.is_file() else None


def _make_fetcher():  # -> weasyprint.urls.URLFetcher
    # Imported here so that importing this module (e.g. by URL discovery) stays cheap.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves static files from disk and ``data:`` URLs; refuses everything else."""

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Only static files load in PDFs, not {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}
            )

    # Only data: URLs ever reach the parent fetcher; static files are read above.
    return StaticOnlyFetcher(allowed_protocols={"data"})


def html_to_pdf(html: str, *, base_url: str, lang: str, fallback_title: str) -> bytes:
    """Render a complete HTML document to tagged PDF/UA-1 bytes.

    ``lang`` and ``fallback_title`` fill in what the document itself does not say.
    """
    from weasyprint import CSS, HTML

    fetcher = _make_fetcher()
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[CSS(string=PRINT_CSS)], pdf_variant="pdf/ua-1", pdf_tags=True
    )
    if not document.metadata.lang:
        document.metadata.lang = lang
    if not (document.metadata.title or "").strip():
        document.metadata.title = fallback_title
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def render_pdf(
    request: HttpRequest, template_name: str, context: dict, filename: str
) -> HttpResponse:
    """Render ``template_name`` with ``context`` as an accessible PDF download named ``filename``.

    The caller checks access and logs any personal data shown, exactly as for an HTML page.
    """
    html = render_to_string(template_name, context, request=request)
    lang = getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or "nl"
    pdf = html_to_pdf(
        html,
        base_url=request.build_absolute_uri("/"),
        lang=lang,
        fallback_title=Path(filename).stem,
    )
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    safe_name = filename.replace('"', "").replace("\r", "").replace("\n", "")
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    # A report can hold figures about the municipality: never keep it in a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response
