"""PDFs in every script of the network: glyphs from the Noto fonts, subset-embedded, text as typed."""

from datetime import date

import pytest

from app.core.periods import Period
from app.reports import fonts
from app.reports.figures import build_snapshot
from app.reports.pdf import render_pdf
from app.reports.snapshot import canonical_json, sha256_text
from tests.reports.pdf_text import fonts_of, pdftotext

NAMES = {
    "CHN": ("中国自然资源部", "国家卫星遥感中心"),
    "LAO": ("ລາວ", "ສູນດາວທຽມລາວ"),
    "THA": ("ไทย", "สำนักงานพัฒนาเทคโนโลยีอวกาศ"),
    "KHM": ("ខ្មែរ", "ក្រសួងបរិស្ថាន"),
    "NPL": ("नेपाल", "नेपाल सरकार"),
    "BGD": ("বাংলাদেশ", "মহাকাশ গবেষণা"),
    "LKA": ("ශ්‍රී ලංකාව", "ශ්‍රී ලංකා සමීක්ෂණ"),
    "MNG": ("Монгол Улс", "Өвөрхангай аймаг"),
    "JOR": ("الأردن", "المركز الجغرافي الملكي"),
    "AUT": ("Österreich", "Universität für Bodenkultur Wien — Ñandú, Zürich, Łódź"),
}


@pytest.fixture
def world(make):
    for code, (host, name) in NAMES.items():
        make.node(code, host=make.organization(name=host, country=code), name=name, established_on=date(2019, 1, 1))
    return build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")


def render(snapshot, lang="en"):
    return render_pdf(snapshot, status="draft", version=1, data_sha256=sha256_text(canonical_json(snapshot)),
                      lang=lang)


def test_every_script_reads_back_as_typed(world):
    body = pdftotext(render(world))
    joined = "".join(body.split())  # names wrap in narrow cells: compare without line breaks and spaces
    for typed in ("中国自然资源部", "ລາວ", "ไทย", "ខ្មែរ", "नेपाल"):
        assert typed in body, typed
    for typed in ("中国自然资源部", "ລາວ", "ไทย", "ខ្មែរ", "नेपाल", "বাংলাদেশ", "Монгол Улс", "Өвөрхангай аймаг",
                  "Österreich", "Łódź", "国家卫星遥感中心", "สำนักงานพัฒนาเทคโนโลยีอวกาศ"):
        assert "".join(typed.split()) in joined, typed


def test_every_script_has_its_own_font_embedded_as_a_subset(world):
    embedded = fonts_of(render(world))
    names = {name.split("+")[-1] for name, _subset in embedded}
    # Noto Sans itself has Latin, Cyrillic, Greek and Devanagari.
    for family in ("NotoSans-", "NotoSansSC", "NotoSansLao", "NotoSansThai", "NotoSansKhmer", "NotoSansBengali",
                   "NotoSansSinhala", "NotoSansArabic"):
        assert any(n.startswith(family) for n in names), (family, names)
    assert all(subset for name, subset in embedded if "NotoSans" in name), embedded
    # ReportLab's canvas declares Helvetica as its starting font; no text is drawn in it.
    assert names - {"Helvetica"} == {n for n in names if n.startswith("NotoSans")}


def test_runs_pick_a_font_per_script_and_escape_markup():
    assert fonts.runs("Node 中国 ລາວ") == [("NotoSans", "Node "), ("NotoSansSC", "中国"), ("NotoSans", " "),
                                          ("NotoSansLao", "ລາວ")]
    marked = fonts.markup("<b>中</b>")
    assert marked == '&lt;b&gt;<font name="CSDR-NotoSansSC">中</font>&lt;/b&gt;'
    # Marks and joiners stay with their letter's font.
    assert [family for family, _ in fonts.runs("ශ්‍රී")] == ["NotoSansSinhala"]


def test_arabic_is_joined_and_drawn_right_to_left():
    (family, visual), = fonts.runs("الأردن عمان")
    assert family == "NotoSansArabic"
    # Presentation forms (joined letters), the last word drawn first.
    assert visual == "\ufee5\ufe8e\ufee4\ufecb \ufee5\ufea9\ufead\ufef7\ufe8d"


def test_a_chinese_report_rebuilds_byte_identical(world):
    assert render(world, "zh") == render(world, "zh")


def test_a_fallback_font_is_parsed_only_when_text_in_its_script_is_drawn():
    import subprocess
    import sys

    probe = ("from reportlab.pdfbase import pdfmetrics\n"
             "from app.reports import fonts\n"
             "fonts.base_fonts(); fonts.markup('Node 1 <Österreich>'); fonts.needs_fallback('Монгол')\n"
             "print(sorted(n for n in pdfmetrics._fonts if n.startswith('CSDR-')))\n"
             "fonts.markup('中国')\n"
             "print(sorted(n for n in pdfmetrics._fonts if n.startswith('CSDR-')))\n")
    before, after = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                                   cwd=fonts.HERE.parent.parent.parent).stdout.splitlines()
    assert before == "['CSDR-NotoSans', 'CSDR-NotoSans-Bold']"
    assert after == "['CSDR-NotoSans', 'CSDR-NotoSans-Bold', 'CSDR-NotoSansSC', 'CSDR-NotoSansSC-Bold']"


@pytest.mark.parametrize("family", (fonts.BASE, *fonts.FALLBACKS))
def test_the_characters_of_a_font_are_read_as_reportlab_reads_them(family):
    from reportlab.pdfbase.ttfonts import TTFont

    for path in fonts._files(family):
        parsed = TTFont(f"probe-{path.name}", str(path), shapable=False).face.charToGlyph
        assert fonts._cmap_characters(path) == frozenset(map(chr, parsed)), path.name


def _private_use_glyphs(content: bytes) -> dict[str, set[int]]:
    """{font: the private-use codes its ToUnicode map gives}: glyphs no character stands for (conjuncts, subscript
    consonants, placed marks), which only shaping draws; ReportLab maps them to the private-use area."""
    import io
    import re

    from pypdf import PdfReader

    found: dict[str, set[int]] = {}
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            codes = {int(c, 16) for c in re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]{4})>", cmap)}
            found.setdefault(str(font["/BaseFont"]).split("+")[-1], set()).update(
                c for c in codes if 0xE000 <= c <= 0xF8FF)
    return found


def test_indic_and_khmer_names_are_shaped_and_still_read_back_as_typed(world):
    content = render(world)
    private = _private_use_glyphs(content)
    # Conjuncts and subscript forms (ශ්‍රී, the ្ម of ខ្មែរ) are glyphs of their own, drawn only when shaped
    # (Bengali's ে of বাংলাদেশ is drawn before its consonant: a reordering, no glyph of its own).
    for family in ("NotoSansKhmer", "NotoSansSinhala"):
        assert any(name.startswith(family) and codes for name, codes in private.items()), (family, private)
    # ... and the text read back is the text as typed (each shaped cluster carries it as /ActualText).
    joined = "".join(pdftotext(content).split())
    for typed in ("ខ្មែរ", "ក្រសួងបរិស្ថាន", "বাংলাদেশ", "মহাকাশগবেষণা", "ශ්‍රීලංකාව", "नेपालसरकार", "ສູນດາວທຽມລາວ"):
        assert typed in joined, typed


def _shaping_canvas(out):
    from reportlab.pdfgen.canvas import Canvas

    class Shaping(Canvas):  # as the report's canvas (app/reports/pdf.py)
        def beginText(self, x=0, y=0, direction=None):  # noqa: N802 - ReportLab's name
            return fonts.TextObject(self, x, y, direction=direction)

    return Shaping(out, invariant=1)


def _paragraph_pdf(text: str) -> bytes:
    import io

    from reportlab.platypus import Paragraph

    from app.reports.pdf import styles

    out = io.BytesIO()
    canvas = _shaping_canvas(out)
    paragraph = Paragraph(fonts.markup(text), styles()["body"])
    paragraph.wrapOn(canvas, 400, 100)
    paragraph.drawOn(canvas, 50, 700)
    fonts.draw(canvas, 50, 600, text, 9)  # the footer's way: a line drawn in runs on the canvas
    canvas.save()
    return out.getvalue()


def test_a_devanagari_conjunct_is_one_glyph_in_a_paragraph_and_on_the_canvas():
    import io

    from pypdf import PdfReader

    word = "क्षेत्र"  # क्ष and त्र are conjuncts: 7 characters, 3 glyphs shaped (क्ष, the े mark, त्र)
    content = _paragraph_pdf(word)
    private = _private_use_glyphs(content)
    assert any(codes for name, codes in private.items() if name.startswith("NotoSans-")), private
    stream = PdfReader(io.BytesIO(content)).pages[0].get_contents().get_data()
    # Both the paragraph and the canvas line say what their clusters stand for.
    assert stream.count(b"/ActualText") >= 4, stream
    assert pdftotext(content).split() == [word, word]


def test_only_the_scripts_that_need_it_are_shaped():
    # Latin keeps ReportLab's plain drawing (no kerning nor ligatures it never had): no span, no private glyph.
    import io

    from pypdf import PdfReader

    content = _paragraph_pdf("office affinity — Österreich 中国 ລາວ")
    assert b"/ActualText" not in PdfReader(io.BytesIO(content)).pages[0].get_contents().get_data()
    assert not any(_private_use_glyphs(content).values())
    assert fonts.needs_shaping("ශ්‍රී") and fonts.needs_shaping("नेपाल") and not fonts.needs_shaping("Łódź 中国")


def test_a_chart_label_is_shaped_and_reads_back_as_typed():
    import io

    from pypdf import PdfReader
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing, String

    drawing = Drawing(300, 100)
    drawing.add(String(150, 50, "ខ្មែរ क्षेत्र", fontName=fonts.base_fonts()[0], fontSize=12, textAnchor="middle"))
    out = io.BytesIO()
    canvas = _shaping_canvas(out)
    renderPDF.draw(fonts.drawing_in_runs(drawing), canvas, 50, 600)
    canvas.save()
    content = out.getvalue()
    assert b"/ActualText" in PdfReader(io.BytesIO(content)).pages[0].get_contents().get_data()
    assert any(codes for codes in _private_use_glyphs(content).values())
    assert pdftotext(content).split() == ["ខ្មែរ", "क्षेत्र"]
