"""The report fonts: Noto Sans with one fallback family per script, and text split into font runs.

ReportLab draws each run of text in one font and does not fall back by itself, so text is
cut into runs by the first of our fonts that has a glyph for each character (Noto Sans for
Latin, Cyrillic and Greek; then Simplified Chinese, Arabic, Devanagari, Bengali, Khmer, Lao,
Thai, Sinhala) and each run is wrapped in ``<font name=…>`` after escaping.

Arabic runs are reshaped to their joined presentation forms (arabic-reshaper) and put in
visual order (python-bidi), since ReportLab lays text out left to right. The Indic and South-East
Asian scripts (Devanagari, Bengali, Sinhala, Khmer, Lao, Thai) are shaped by ReportLab with
HarfBuzz (``uharfbuzz``): conjuncts, reordered vowels and placed marks. ReportLab's shaped glyphs
alone would read back wrong (a conjunct has no character of its own, a pre-base vowel is drawn
first), so each cluster whose glyphs do not spell its text carries the text as typed in an
``/ActualText`` span (``TextObject``): copy, search and ``pdftotext`` give what was typed.
The fonts come from pinned npm packages (``install.py``), never from the system.
"""

import itertools
import re
import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.textobject import PDFTextObject

HERE = Path(__file__).parent
BASE = "NotoSans"
# After the base font, in the order a character is looked for.
FALLBACKS = ("NotoSansSC", "NotoSansArabic", "NotoSansDevanagari", "NotoSansBengali", "NotoSansKhmer",
             "NotoSansLao", "NotoSansThai", "NotoSansSinhala")
ARABIC = "NotoSansArabic"
# The families shaped with HarfBuzz (Noto Sans for its Devanagari). Chinese needs no shaping (and its shaped
# glyphs would read back as radicals); Arabic keeps arabic-reshaper and python-bidi: ReportLab's shaping of a
# word does not reorder a line right to left.
SHAPED = frozenset({BASE, "NotoSansDevanagari", "NotoSansBengali", "NotoSansKhmer", "NotoSansLao", "NotoSansThai",
                    "NotoSansSinhala"})
# Characters of the scripts that need shaping: Devanagari to Sinhala, Thai, Lao, Khmer (and their extensions).
_COMPLEX = re.compile("[\u0900-\u0dff\u0e00-\u0eff\u1780-\u17ff\u19e0-\u19ff\ua8e0-\ua8ff]")
_JOINERS = {"\u200c", "\u200d"}


class _BaseFont(TTFont):
    """Noto Sans measuring each character by the font that will draw it.

    Charts size and place their labels by the width of the text in the chart's one font; with the
    fallback's widths a label later drawn in runs (``drawing_in_runs``) stands exactly where the chart
    meant it to (right-aligned category names end at the axis)."""

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 - ReportLab's name
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if _register()[BASE].issuperset(text):
            return TTFont.stringWidth(self, text, size, encoding)
        bold = self.fontName.endswith("-Bold")
        return sum(TTFont.stringWidth(self, chunk, size, encoding) if family == BASE
                   else pdfmetrics.stringWidth(chunk, font_name(family, bold), size) for family, chunk in runs(text))


class FontsMissing(RuntimeError):
    """The Noto fonts have not been installed (``make run`` or ``python -m app.reports.fonts.install``)."""


def font_name(family: str, bold: bool = False) -> str:
    return f"CSDR-{family}-Bold" if bold else f"CSDR-{family}"


def _files(family: str) -> tuple[Path, Path]:
    return HERE / f"{family}-Regular.ttf", HERE / f"{family}-Bold.ttf"


@cache
def _register() -> "_Coverage":
    """Register the base family with ReportLab; the characters of every family, read as they are needed.

    A fallback family is parsed by ReportLab (``_load``) only when a run of text in it is drawn: the
    Simplified Chinese pair alone is 21 MB of files and about 60 MB in memory once parsed, and most
    reports never draw a Chinese character. Which font a character goes to is decided from the fonts'
    character maps alone (``_cmap_characters``), exactly as ReportLab would read them."""
    for family in (BASE, *FALLBACKS):
        regular, bold = _files(family)
        if not (regular.exists() and bold.exists()):
            raise FontsMissing(f"{regular.name} is missing: run `make run`, `make test` or "
                               "`python -m app.reports.fonts.install` to install the report fonts.")
    regular, bold = _files(BASE)
    font = _BaseFont(font_name(BASE), str(regular), shapable=True)
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFont(_BaseFont(font_name(BASE, True), str(bold), shapable=True))
    _register_family(BASE)
    _shape_paragraph_words()
    return _Coverage(frozenset(chr(c) for c in font.face.charToGlyph))


def _register_family(family: str) -> None:
    pdfmetrics.registerFontFamily(font_name(family), normal=font_name(family), bold=font_name(family, True),
                                  italic=font_name(family), boldItalic=font_name(family, True))


class _Coverage(dict):
    """{family: the characters it has}, the base family's from its parsed font, the others' read on demand."""

    def __init__(self, base: frozenset):
        super().__init__({BASE: base})

    def __missing__(self, family: str) -> frozenset:
        self[family] = _cmap_characters(_files(family)[0])
        return self[family]


@cache
def _load(family: str) -> None:
    """Parse and register a fallback family (regular and bold): the first time a run of it is drawn."""
    regular, bold = _files(family)
    pdfmetrics.registerFont(TTFont(font_name(family), str(regular), shapable=family in SHAPED))
    pdfmetrics.registerFont(TTFont(font_name(family, True), str(bold), shapable=family in SHAPED))
    _register_family(family)


def _cmap_characters(path: Path) -> frozenset:
    """The characters of a TrueType font's character map, as ReportLab's ``TTFontFile`` reads them.

    ReportLab takes the last Unicode subtable of the cmap (platform 3, or 0 but not encoding 5, or
    1/1; 1/0 only if none of these) and counts every code of every segment as the font's, glyph 0
    included, and a space for a no-break space and back. Only the table directory and the cmap are
    read. Formats other than 4 and 12 are left to ReportLab itself."""
    import struct

    with open(path, "rb") as file:
        def read(offset: int, size: int) -> bytes:
            file.seek(offset)
            return file.read(size)

        tables = struct.unpack(">H", read(4, 2))[0]
        directory = read(12, 16 * tables)
        cmap = next(struct.unpack(">I", directory[i + 8:i + 12])[0] for i in range(0, 16 * tables, 16)
                    if directory[i:i + 4] == b"cmap")
        version, count = struct.unpack(">HH", read(cmap, 4))
        if count == 0 and version != 0:
            count, version = version, count
        chosen, kind = None, 0
        for index in range(count):
            platform, encoding, offset = struct.unpack(">HHI", read(cmap + 4 + 8 * index, 8))
            if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
                chosen, kind = offset, 1
            elif platform == 1 and encoding == 0 and kind != 1:
                chosen, kind = offset, 2
        if chosen is None:
            raise ValueError(f"{path.name}: no usable cmap subtable")
        start = cmap + chosen
        fmt = struct.unpack(">H", read(start, 2))[0]
        codes: set[int] = set()
        if fmt == 4:
            segments = struct.unpack(">H", read(start + 6, 2))[0] // 2
            ends = struct.unpack(f">{segments}H", read(start + 14, 2 * segments))
            starts = struct.unpack(f">{segments}H", read(start + 16 + 2 * segments, 2 * segments))
            for first, last in zip(starts, ends, strict=True):
                codes.update(range(first, last + 1))
        elif fmt == 12:
            groups = struct.unpack(">I", read(start + 12, 4))[0]
            data = struct.unpack(f">{3 * groups}I", read(start + 16, 12 * groups))
            for index in range(groups):
                codes.update(range(data[3 * index], data[3 * index + 1] + 1))
        else:
            return frozenset(chr(c) for c in TTFont("CSDR-probe", str(path)).face.charToGlyph)
    if 0x20 in codes or 0xA0 in codes:
        codes |= {0x20, 0xA0}
    return frozenset(map(chr, codes))


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
            if family != BASE:
                _load(family)
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
    """Whether the text cannot be drawn as one plain string in the base font: another script's font, or shaping."""
    text = "" if value is None else str(value)
    return needs_shaping(text) or any(family != BASE for family, _ in runs(text))


def needs_shaping(text: str) -> bool:
    return _COMPLEX.search(text) is not None


def _shaping_on() -> bool:
    return ttfonts.uharfbuzz is not None


def _shaped(chunk: str, family: str, bold: bool, size: float):
    """(text to draw, its width): the run shaped by HarfBuzz when its script needs it, else as it is."""
    font = font_name(family, bold)
    if family in SHAPED and _shaping_on() and needs_shaping(chunk):
        shaped = ttfonts.shapeStr(chunk, font, size)
        if isinstance(shaped, ttfonts.ShapedStr):
            _mark_actual_text(chunk, [shaped])
            return shaped, sum(d.x_advance for d in shaped.__shapeData__) * size / 1000
    return chunk, pdfmetrics.stringWidth(chunk, font, size)


def string_width(text: str, size: float, bold: bool = False) -> float:
    return sum(_shaped(chunk, family, bold, size)[1] for family, chunk in runs(text))


def draw(canvas, x: float, y: float, text: str, size: float, bold: bool = False, anchor: str = "start") -> None:
    """Draw one line on a canvas in runs of fonts, shaped; anchor is start, middle or end.

    The canvas's ``beginText`` must give a ``TextObject`` for shaped runs to read back as typed."""
    width = string_width(text, size, bold)
    x -= {"start": 0, "middle": width / 2, "end": width}[anchor]
    for family, chunk in runs(text):
        shaped, advance = _shaped(chunk, family, bold, size)
        canvas.setFont(font_name(family, bold), size)
        canvas.drawString(x, y, shaped)
        x += advance


def _mark_actual_text(text: str, strings: list) -> None:
    """Note on the first glyph of each cluster whose glyphs do not spell its text (a conjunct, a reordered vowel)
    that text and how many glyphs it covers, for ``TextObject`` to write as ``/ActualText``.

    ``strings`` are the ShapedStrs HarfBuzz made of ``text``, in order; their glyphs' clusters are indexes into
    ``text``, in increasing order (left-to-right scripts, monotone clusters). A cluster split over two strings
    (fragments of one word in the same font) gives its text to the first part and nothing to the next."""
    starts = sorted({d.cluster for s in strings for d in s.__shapeData__})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    said = set()
    for string in strings:
        data = string.__shapeData__
        for cluster, group in itertools.groupby(range(len(data)), key=lambda i: data[i].cluster):
            indexes = list(group)
            actual = "" if cluster in said else text[cluster:ends[cluster]]
            said.add(cluster)
            if "".join(string[i] for i in indexes) != actual:
                first = ttfonts.ShapeData(*data[indexes[0]])
                first.actual = (actual, len(indexes))
                data[indexes[0]] = first


def _shape_word(word, *args, **kwargs):
    """ReportLab's shaping of a Paragraph's word (``shapeFragWord``), one font at a time and only where needed.

    ReportLab shapes a whole word with the font of its first fragment, which garbles a word in two fonts (a
    Sinhala name followed by a bracket of Noto Sans); it also shapes Latin (kerning, ligatures) the reports
    never had. Here only the parts of a word in a script that needs shaping are shaped, each in its own font,
    and their clusters are marked with the text they stand for (``_mark_actual_text``)."""
    pieces = word[1:]
    if not any(not hasattr(f, "cbDefn") and _COMPLEX.search(s) for f, s in pieces):
        return word
    out, width, changed = [], 0.0, False
    for font, group in itertools.groupby(pieces, key=lambda p: None if hasattr(p[0], "cbDefn") else p[0].fontName):
        group = list(group)
        text = "".join(s for _, s in group)
        shaped = None
        if (font is not None and _COMPLEX.search(text) and getattr(pdfmetrics.getFont(font), "shapable", False)
                and not any(isinstance(s, ttfonts.ShapedStr) for _, s in group)):  # shaped once already
            shaped = _ORIGINAL_SHAPE_WORD([0, *group], *args, **kwargs)
        if shaped is None or shaped[1:] == group:
            out += group
            width += sum(_width(f, s) for f, s in group if font is not None)
            continue
        _mark_actual_text(text, [s for _, s in shaped[1:] if isinstance(s, ttfonts.ShapedStr)])
        out += [tuple(p) for p in shaped[1:]]
        width += shaped[0]
        changed = True
    return ttfonts.makeShapedFragWord(word)([width, *out]) if changed else word


_ORIGINAL_SHAPE_WORD = ttfonts.shapeFragWord


def _width(frag, text) -> float:
    if isinstance(text, ttfonts.ShapedStr):
        return sum(d.x_advance for d in text.__shapeData__) * frag.fontSize / 1000
    return pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)


def _shape_paragraph_words() -> None:
    """Paragraphs shape their words with ``_shape_word`` (ReportLab's Paragraph calls ``shapeFragWord`` by the
    name it imported; styles ask for shaping with ``shaping=1``)."""
    if _shaping_on():
        from reportlab.platypus import paragraph

        paragraph.shapeFragWord = _shape_word


def _actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class TextObject(PDFTextObject):
    """ReportLab's text object writing each marked shaped cluster (``_mark_actual_text``) in an ``/ActualText``
    span, so that the text read back from the PDF is the text as typed, not the shaped glyphs' characters."""

    def setRise(self, rise):  # noqa: N802 - ReportLab's name
        if not self._code:  # ReportLab looks at the operator before; a span's first glyph may be raised
            self._code.append("")
        super().setRise(rise)

    def _formatText(self, text):  # noqa: N802 - ReportLab's name
        data = getattr(text, "__shapeData__", None)
        if not data or not any(hasattr(d, "actual") for d in data):
            return super()._formatText(text)
        parts, start, index = [], 0, 0
        while index < len(data):
            actual = getattr(data[index], "actual", None)
            if actual is None:
                index += 1
                continue
            said, count = actual[0], min(actual[1], len(data) - index)
            if index > start:
                parts.append(super()._formatText(text[start:index]))
            parts.append(f"/Span <</ActualText {_actual_text(said)}>> BDC "
                         f"{super()._formatText(text[index:index + count])} EMC")
            index = start = index + count
        if start < len(data):
            parts.append(super()._formatText(text[start:]))
        return " ".join(parts)


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
        shaped, advance = _shaped(chunk, family, bold, size)
        group.add(String(x, string.y, shaped, fontName=font_name(family, bold), fontSize=size,
                         fillColor=string.fillColor, textAnchor="start"))
        x += advance
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
