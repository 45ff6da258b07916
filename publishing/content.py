"""What a public post may contain.

- HTML is sanitised by nh3 (Rust's ammonia) with an allow-list: text structure, links
  (http, https, mailto; rel="noopener noreferrer"), images and simple tables. Scripts, styles,
  event handlers, iframes and forms are removed, whatever they hide in.
- Every image needs alternative text (screen readers; WCAG 1.1.1).
- Nothing shaped like an Iranian national code or a mobile number may appear — in the title,
  the summary, the body's text, its attributes or alt texts — whatever its digits (Persian,
  Arabic-Indic or Latin), dashes or spaces. The shape is enough: a mistyped code is still a
  person's. No retiree data leaks to the public site through a post.
"""
import html
import re
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.normalize import to_ascii_digits

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
    "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(body: str) -> str:
    return nh3.clean(body or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True).strip()


class _Reader(HTMLParser):
    """The text of sanitised HTML, its attribute values, and images without alt text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[str] = []
        self.images_without_alt: list[str] = []
        self.images_elsewhere: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.attributes.extend(value for value in values.values() if value)
        if tag != "img":
            return
        source = values.get("src") or ""
        if not (values.get("alt") or "").strip():
            self.images_without_alt.append(source)
        # The site's Content-Security-Policy shows only its own pictures (img-src 'self').
        if not source.startswith("/") or source.startswith("//"):
            self.images_elsewhere.append(source)

    def handle_data(self, data):
        self.parts.append(data)


def read(body: str) -> _Reader:
    reader = _Reader()
    reader.feed(body)
    reader.close()
    return reader


def text_of(body: str) -> str:
    """The text as a reader sees it (tags do not split a number: <b>001</b>2345678 is one),
    then every attribute value (links, alt texts)."""
    reader = read(body)
    return "".join(reader.parts) + " " + " ".join(reader.attributes)


# Digits of any script become Latin first (core.normalize.to_ascii_digits); a separator is one
# dash or space (or a half-space), as people write codes: 0012345678, 001-234567-8, 001 234567 8.
_SEP = r"[-\s\u200c\u2010-\u2015]?"
_FORBIDDEN = re.compile(
    r"(?<![0-9])(?:"
    # a national code: ten digits, bare or as printed on the card (3-6-1)
    rf"[0-9]{{3}}{_SEP}[0-9]{{6}}{_SEP}[0-9]"
    # a mobile: 09xx xxx xxxx, +98 9xx …, 0098 9xx …, 98 9xx …
    rf"|(?:\+|00)?98{_SEP}9[0-9]{{2}}{_SEP}[0-9]{{3}}{_SEP}[0-9]{{4}}"
    rf"|0{_SEP}9[0-9]{{2}}{_SEP}[0-9]{{3}}{_SEP}[0-9]{{4}}"
    r")(?![0-9])"
)


def forbidden_numbers(text: str) -> list[str]:
    """The national-code- or mobile-shaped numbers in `text`, as written."""
    if not text:
        return []
    text = html.unescape(text)
    # to_ascii_digits maps one character to one, so matches map back to the original.
    latin = to_ascii_digits(text)
    return [text[m.start():m.end()] for m in _FORBIDDEN.finditer(latin)]


def check_private_data(**texts) -> dict[str, ValidationError]:
    """{field: error} for each text holding a national-code- or mobile-shaped number."""
    errors = {}
    for field, value in texts.items():
        found = forbidden_numbers(text_of(value) if field == "body" else value)
        if found:
            errors[field] = ValidationError(
                _("This contains “%(found)s”, shaped like a national code or a mobile number. Public posts never "
                  "carry people's codes or numbers: remove it (write a phone number of the office, if you must, "
                  "as the office's landline).") % {"found": found[0]},
                code="private_data",
            )
    return errors


def check_images(body: str) -> ValidationError | None:
    reader = read(body)
    missing = reader.images_without_alt
    if reader.images_elsewhere:
        return ValidationError(
            _("Use pictures stored on this site (an address starting with /, such as a published post's cover): "
              "pictures from other sites are not shown to readers."),
            code="image_elsewhere",
        )
    if missing:
        return ValidationError(
            _("Every image needs a short description (alt text) for people who cannot see it: add one to each "
              "image of the text."),
            code="image_without_alt",
        )
    return None


def safe_html(body: str):
    """The body for a template: sanitised again when shown (defence in depth: rows written
    around the forms, by an old version or by hand, are cleaned too)."""
    from django.utils.safestring import mark_safe

    return mark_safe(sanitize(body))  # the allow-list output of nh3
