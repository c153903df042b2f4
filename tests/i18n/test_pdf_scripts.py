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
