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
import difflib
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


# --- what a pending revision changes (the review page) --------------------------------------

_BLOCK_TAGS = {"p", "br", "li", "h2", "h3", "h4", "blockquote", "figure", "figcaption", "tr", "td", "th", "hr",
               "ul", "ol", "table"}
# Unchanged paragraphs shown around a change; longer unchanged stretches are folded.
DIFF_CONTEXT = 1


class _Lines(HTMLParser):
    """Sanitised HTML as the lines (paragraphs, items, headings, cells) a reader sees; an image
    as its description, a link with its address (a changed address is a change)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]

    def _break(self):
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in _BLOCK_TAGS:
            self._break()
        if tag == "img":
            self.lines[-1] += f" [{_('image')}: {values.get('alt') or ''}] "
        elif tag == "a" and values.get("href"):
            self.lines[-1] += f" <{values['href']}> "

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self._break()

    def handle_data(self, data):
        self.lines[-1] += data


def text_lines(body: str) -> list[str]:
    parser = _Lines()
    parser.feed(sanitize(body))
    parser.close()
    return [" ".join(line.split()) for line in parser.lines if line.strip()]


def _words(old: str, new: str) -> list[tuple[str, str]]:
    """One changed line, word by word: [("same" | "removed" | "added", text)]."""
    a, b = old.split(" "), new.split(" ")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(b[j1:j2])))
    return parts


def text_diff(old: str, new: str) -> list[dict]:
    """What `new` (a pending revision's text) changes against `old` (the live text), over the
    sanitised text, never the raw HTML: a list of lines, each {"kind": "same" | "removed" |
    "added" | "changed" | "folded", "parts": [(kind, text)]}. Plain strings only — the template
    escapes them."""
    a, b = text_lines(old), text_lines(new)
    lines: list[dict] = []
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = a[i1:i2]
            keep_head = DIFF_CONTEXT if index > 0 else 0
            keep_tail = DIFF_CONTEXT if index < len(opcodes) - 1 else 0
            if len(same) > keep_head + keep_tail + 1:
                shown = same[:keep_head]
                lines += [{"kind": "same", "parts": [("same", line)]} for line in shown]
                lines.append({"kind": "folded", "parts": [("same", str(len(same) - keep_head - keep_tail))]})
                lines += [{"kind": "same", "parts": [("same", line)]} for line in same[len(same) - keep_tail:]]
            else:
                lines += [{"kind": "same", "parts": [("same", line)]} for line in same]
            continue
        old_lines, new_lines = a[i1:i2], b[j1:j2]
        if tag == "replace" and len(old_lines) == len(new_lines):
            lines += [{"kind": "changed", "parts": _words(old_line, new_line)}
                      for old_line, new_line in zip(old_lines, new_lines, strict=True)]
            continue
        lines += [{"kind": "removed", "parts": [("removed", line)]} for line in old_lines]
        lines += [{"kind": "added", "parts": [("added", line)]} for line in new_lines]
    return lines


def field_changes(live, revision, fields=("title", "summary", "cover_alt")) -> list[dict]:
    """The short fields a revision changes: [{"label", "parts"}] word by word."""
    changes = []
    for name in fields:
        old, new = " ".join(str(getattr(live, name) or "").split()), " ".join(str(getattr(revision, name) or "").split())
        if old != new:
            changes.append({"label": type(revision)._meta.get_field(name).verbose_name, "parts": _words(old, new)})
    return changes
