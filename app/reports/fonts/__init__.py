"""The report fonts: Noto Sans with one fallback family per script, and text split into font runs.

ReportLab draws each run of text in one font and does not fall back by itself, so text is
cut into runs by the first of our fonts that has a glyph for each character (Noto Sans for
Latin, Cyrillic and Greek; then Simplified Chinese, Arabic, Devanagari, Bengali, Khmer, Lao,
Thai, Sinhala) and each run is wrapped in ``<font name=…>`` after escaping.

Arabic runs are reshaped to their joined presentation forms (arabic-reshaper) and put in
visual order (python-bidi), since ReportLab lays text out left to right. No OpenType shaping
is done for the Indic and South-East Asian scripts (conjuncts, vowel reordering): ReportLab
can shape with HarfBuzz, but its shaped glyphs lose their text (copy and search break), so it
stays off. The fonts come from pinned npm packages (``install.py``), never from the system.
"""

import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

HERE = Path(__file__).parent
BASE = "NotoSans"
# After the base font, in the order a character is looked for.
FALLBACKS = ("NotoSansSC", "NotoSansArabic", "NotoSansDevanagari", "NotoSansBengali", "NotoSansKhmer",
             "NotoSansLao", "NotoSansThai", "NotoSansSinhala")
ARABIC = "NotoSansArabic"
_JOINERS = {"\u200c", "\u200d"}


class _BaseFont(TTFont):
    """Noto Sans measuring each character by the font that will draw it.

    Charts size and place their labels by the width of the text in the chart's one font; with the
    fallback's widths a label later drawn in runs (``drawing_in_runs``) stands exactly where the chart
    meant it to (right-aligned category names end at the axis)."""

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 - ReportLab's name
        if isinstance(text, bytes):
            text = text.decode(encoding)
        coverage = _register()
        if all(char in coverage[BASE] for char in text):
            return super().stringWidth(text, size, encoding)
        bold = self.fontName.endswith("-Bold")
        return sum(super(_BaseFont, self).stringWidth(chunk, size, encoding) if family == BASE
                   else pdfmetrics.stringWidth(chunk, font_name(family, bold), size) for family, chunk in runs(text))


class FontsMissing(RuntimeError):
    """The Noto fonts have not been installed (``make run`` or ``python -m app.reports.fonts.install``)."""


def font_name(family: str, bold: bool = False) -> str:
    return f"CSDR-{family}-Bold" if bold else f"CSDR-{family}"


@cache
def _register() -> dict[str, frozenset]:
    """Register every family (regular and bold) with ReportLab; {family: characters it has}."""
    coverage = {}
    for family in (BASE, *FALLBACKS):
        regular, bold = HERE / f"{family}-Regular.ttf", HERE / f"{family}-Bold.ttf"
        if not (regular.exists() and bold.exists()):
            raise FontsMissing(f"{regular.name} is missing: run `make run`, `make test` or "
                               "`python -m app.reports.fonts.install` to install the report fonts.")
        kind = _BaseFont if family == BASE else TTFont
        font = kind(font_name(family), str(regular), shapable=False)
        pdfmetrics.registerFont(font)
        pdfmetrics.registerFont(kind(font_name(family, True), str(bold), shapable=False))
        pdfmetrics.registerFontFamily(font_name(family), normal=font_name(family), bold=font_name(family, True),
                                      italic=font_name(family), boldItalic=font_name(family, True))
        coverage[family] = frozenset(chr(c) for c in font.face.charToGlyph)
    return coverage


def available() -> bool:
    try:
        _register()
    except FontsMissing:
        return False
    return True


def base_fonts() -> tuple[str, str]:
    """(regular, bold) names of the base font, registered."""
    _register()
    return font_name(BASE), font_name(BASE, True)


def _sticks(char: str) -> bool:
    """Marks and joiners belong to the run of the letter before them."""
    return char in _JOINERS or unicodedata.category(char).startswith("M")


def _family_of(char: str, current: str | None, coverage: dict[str, frozenset]) -> str:
    if current and _sticks(char) and char in coverage[current]:
        return current
    if char in coverage[BASE]:
        return BASE
    if current and char in coverage[current]:
        return current
    return next((f for f in FALLBACKS if char in coverage[f]), BASE)


def runs(text: str) -> list[tuple[str, str]]:
    """[(family, text)]: the text cut where the font that has its glyphs changes."""
    coverage = _register()
    parts: list[list] = []
    for char in text:
        family = _family_of(char, parts[-1][0] if parts else None, coverage)
        if parts and parts[-1][0] == family:
            parts[-1][1] += char
        else:
            parts.append([family, char])
    return _join_arabic_words(parts)


def _join_arabic_words(parts: list[list]) -> list[tuple[str, str]]:
    """Arabic words separated by spaces form one run, so their order can be made right to left."""
    merged: list[list] = []
    for index, (family, chunk) in enumerate(parts):
        between = (family == BASE and not chunk.strip() and merged and merged[-1][0] == ARABIC
                   and index + 1 < len(parts) and parts[index + 1][0] == ARABIC)
        if merged and merged[-1][0] == ARABIC and (family == ARABIC or between):
            merged[-1][1] += chunk
        else:
            merged.append([family, chunk])
    return [(family, _visual(chunk) if family == ARABIC else chunk) for family, chunk in merged]


def _visual(arabic: str) -> str:
    """Joined letter forms in left-to-right drawing order."""
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(arabic))


def markup(value, bold: bool = False) -> str:
    """Text for a ReportLab Paragraph: escaped, each non-base run in its script's font."""
    text = "" if value is None else str(value)
    out = []
    for family, chunk in runs(text):
        if family == BASE:
            out.append(escape(chunk))
        else:
            out.append(f'<font name="{font_name(family, bold)}">{escape(chunk)}</font>')
    return "".join(out)


def needs_fallback(value) -> bool:
    text = "" if value is None else str(value)
    return any(family != BASE for family, _ in runs(text))


def string_width(text: str, size: float, bold: bool = False) -> float:
    return sum(pdfmetrics.stringWidth(chunk, font_name(family, bold), size) for family, chunk in runs(text))


def draw(canvas, x: float, y: float, text: str, size: float, bold: bool = False, anchor: str = "start") -> None:
    """Draw one line on a canvas in runs of fonts; anchor is start, middle or end."""
    width = string_width(text, size, bold)
    x -= {"start": 0, "middle": width / 2, "end": width}[anchor]
    for family, chunk in runs(text):
        canvas.setFont(font_name(family, bold), size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font_name(family, bold), size)


def _family_and_weight(font: str) -> bool | None:
    """Whether a font name is our base font in bold (True), regular (False), or another font (None)."""
    if font == font_name(BASE):
        return False
    if font == font_name(BASE, True):
        return True
    return None


def _string_in_runs(string):
    """A chart's String (one font) as a Group of Strings, each run of it in the font that has its glyphs."""
    from reportlab.graphics.shapes import Group, String

    bold = _family_and_weight(getattr(string, "fontName", None))
    text = getattr(string, "text", "")
    if bold is None or not text or not needs_fallback(text):
        return string
    size = string.fontSize
    width = string_width(text, size, bold)
    anchor = getattr(string, "textAnchor", "start")
    x = string.x - {"start": 0, "middle": width / 2, "end": width, "numeric": width}.get(anchor, 0)
    group = Group()
    for family, chunk in runs(text):
        font = font_name(family, bold)
        group.add(String(x, string.y, chunk, fontName=font, fontSize=size, fillColor=string.fillColor,
                         textAnchor="start"))
        x += pdfmetrics.stringWidth(chunk, font, size)
    return group


def _in_runs(group) -> None:
    from reportlab.graphics.shapes import Group, String

    for index, child in enumerate(group.contents):
        if isinstance(child, String):
            group.contents[index] = _string_in_runs(child)
        elif isinstance(child, Group):
            _in_runs(child)


def drawing_in_runs(drawing):
    """A ReportLab drawing (a chart, the map) whose every text is drawn in runs of our fonts.

    Charts draw each label, legend entry and title in one font, which has no glyphs for other
    scripts (a Chinese organization or a Lao country shows as boxes): the drawing is expanded
    into its plain shapes and each String that needs another font becomes a row of Strings,
    one per run, placed where the one String would have stood (rotation and anchors kept).
    """
    if drawing is None:
        return None
    texts = []

    def collect(node):
        from reportlab.graphics.shapes import Group, String

        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                texts.append(child.text)
            elif isinstance(child, Group):
                collect(child)

    plain = _expanded(drawing)
    collect(plain)
    if not any(needs_fallback(text) for text in texts):
        return drawing
    _in_runs(plain)
    for name in ("hAlign", "vAlign"):
        if hasattr(drawing, name):
            setattr(plain, name, getattr(drawing, name))
    return plain


def _expanded(node):
    """Every user node (chart, legend, label) turned into the plain shapes it draws, all the way down."""
    from reportlab.graphics.shapes import Drawing, Group, UserNode

    out = Drawing(node.width, node.height) if isinstance(node, Drawing) else Group()
    out._attrMap = node._attrMap.clone()
    if hasattr(out, "transform"):
        out.transform = node.transform[:]
    for child in node.contents:
        while isinstance(child, UserNode):
            child = child.provideNode()
        out.contents.append(_expanded(child) if isinstance(child, Group) else child)
    return out
