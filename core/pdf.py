"""PDF documents (letters, reports) from Django templates with WeasyPrint.

Persian needs real shaping and the full Vazirmatn TTFs (the split web fonts garble PDF
text), so the fonts are given to WeasyPrint as local files; nothing is fetched over the
network. Templates extend `core/pdf_base.html`.
"""
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

FONT_FILES = {
    400: "vendor/vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf",
    500: "vendor/vazirmatn/fonts/ttf/Vazirmatn-Medium.ttf",
    700: "vendor/vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf",
}


@cache
def font_faces_css() -> str:
    rules = []
    for weight, static_path in FONT_FILES.items():
        found = finders.find(static_path)
        if not found:
            raise FileNotFoundError(f"vendored font missing: static/{static_path}")
        uri = Path(found).resolve().as_uri()
        rules.append(f'@font-face {{ font-family: "Vazirmatn"; font-weight: {weight}; src: url("{uri}"); }}')
    return "\n".join(rules)


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    # Imported here: WeasyPrint is heavy and only letters need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, {**context, "font_faces_css": font_faces_css()}, request=request)
    # Local files only (the fonts); a missing one stops the rendering instead of silently
    # falling back to a font without Persian glyphs.
    fetcher = URLFetcher(allowed_protocols={"file"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf()


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
