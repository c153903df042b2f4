"""A report in Chinese, French or Spanish says everything in that language: the section sentences, the titles
with a period or a currency in them, the chart labels (in the font of their script), money and SDG titles."""

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.pofile import read_po
from reportlab.graphics import renderPDF

from app.core.periods import Period
from app.reports import fonts, wording
from app.reports.charts import drawing_for
from app.reports.figures import build_snapshot
from app.reports.pdf import render_pdf
from app.reports.snapshot import SCHEMA, canonical_json, sha256_text
from tests.reports.pdf_text import fonts_of, pdftotext

LEAD = "中国自然资源部国土卫星遥感应用中心"


@pytest.fixture
def network(make):
    lead = make.organization(name=LEAD, acronym=None, country="CHN", joined_on=date(2025, 2, 1))
    lao = make.organization(name="ສູນດາວທຽມລາວ", country="LAO", joined_on=date(2019, 1, 1))
    make.node("CHN", host=lead, established_on=date(2019, 1, 1))
    make.node("LAO", host=lao, established_on=date(2019, 1, 1))
    make.node("THA", host=make.organization(name="สำนักงานพัฒนาเทคโนโลยีอวกาศ", country="THA"),
              established_on=date(2019, 1, 1))
    make.contribution(org=lead, year=2025, amount="1234567.5")
    make.contribution(org=lao, year=2025, amount="2500")
    make.trainee(start_on=date(2025, 3, 1))
    make.case(title="Flood mapping", sdg=["13", "11.5"], start_on=date(2025, 2, 1))
    return build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")


def render(snapshot, lang):
    return render_pdf(snapshot, status="draft", version=1, data_sha256=sha256_text(canonical_json(snapshot)),
                      lang=lang)


def flat(content: bytes) -> str:
    return re.sub(r"\s+", " ", pdftotext(content))


# English sentences of the sections, as the English report prints them (each must be gone in another language).
ENGLISH = ("active nodes in", "node reports due in the period", "from 2 partners", "agreements in force at the end",
           "in the period (1 new)", "application case ran in the period", "meetings of the network's bodies",
           "Map of the nodes", "The nodes, one by one", "Contributions received (2025, converted)",
           "Largest contributors (2025, USD)", "nodes in", "at the end of the period")


SCHEMA_1 = Path(__file__).parent / "fixtures" / "report_2025_schema1.json"  # `network` built by the schema-1 code


def schema_1() -> dict:
    return json.loads(SCHEMA_1.read_text(encoding="utf-8"))


def test_sections_carry_their_summary_as_messages_and_their_english_sentence_unchanged(network):
    assert network["schema"] == SCHEMA == 2
    archived = {sec["key"]: sec for sec in schema_1()["sections"]}
    for sec in network["sections"]:
        assert sec["said"] and all(isinstance(m["msgid"], str) for m in sec["said"]), sec["key"]
        assert sec["summary"] == archived[sec["key"]]["summary"]  # the English text of the API and exports
    # Everything else is as schema 1 built it: only the schema and the messages are new.
    assert {**network, "schema": 1, "sections": [{k: v for k, v in sec.items() if k != "said"}
                                                 for sec in network["sections"]]} == schema_1()
    said = json.loads(canonical_json(network))["sections"][0]["said"][0]
    assert said["msgid"] == "%(nodes)s in %(countries)s on %(continents)s; %(joined)s."
    assert said["params"]["nodes"] == {"msgid": "%(count)s active node", "plural": "%(count)s active nodes", "n": 3,
                                       "params": {"count": 3}}  # numbers stay numbers: said in the reader's way


def _messages(value):
    """Every message in a snapshot's ``said`` (nested ones too), as (msgid, plural)."""
    if isinstance(value, dict):
        if "msgid" in value:
            yield value["msgid"], value["plural"]
        for item in value.values():
            yield from _messages(item)
    elif isinstance(value, list):
        for item in value:
            yield from _messages(item)


def test_the_messages_the_figures_say_are_extracted_from_them_and_translated(network):
    figures = Path(wording.__file__).parent / "figures"
    extracted = set()
    for path in figures.glob("*.py"):
        with path.open("rb") as handle:
            extracted |= {message for _lineno, message, _comments, _context in extract(
                "app.core.extract:extract_figures", handle, keywords=DEFAULT_KEYWORDS)}
    said = set(_messages([sec["said"] for sec in network["sections"]]))
    assert len(said) > 25
    for lang in ("fr", "zh", "es"):
        with (Path(wording.__file__).parents[1] / "translations" / lang / "LC_MESSAGES" / "messages.po").open(
                "rb") as handle:
            catalogue = read_po(handle, locale=lang)
        for msgid, plural in said:
            assert (msgid if plural is None else (msgid, plural)) in extracted, msgid
            assert catalogue.get(msgid) is not None and all(catalogue.get(msgid).string), (lang, msgid)


def test_every_summary_of_an_archived_schema_1_snapshot_is_understood():
    snapshot = schema_1()
    assert snapshot["schema"] == 1 and not any("said" in sec for sec in snapshot["sections"])
    for section in snapshot["sections"]:
        assert wording.understood(section), section["summary"]


@pytest.mark.parametrize("lang, sentence", [
    ("fr", "3 nœuds actifs dans 3 pays sur 1 continent ; 1 organisation partenaire a rejoint le réseau."),
    ("zh", "1 个大洲的 3 个国家共有 3 个活跃节点"),
])
def test_a_schema_2_report_says_its_sentences_from_its_messages(network, lang, sentence):
    for sec in network["sections"]:
        sec["summary"] = "Worded otherwise in English."  # no pattern knows it: only the messages can say it
    body = flat(render(network, lang))
    assert sentence in body
    assert "Contributions de 2025 : 1 237 067,50 $US" in body or lang != "fr"
    assert "Worded otherwise" not in body


@pytest.mark.parametrize("lang, sentences", [
    ("fr", ["3 nœuds actifs dans 3 pays sur 1 continent ; 1 organisation partenaire a rejoint le réseau.",
            "Contributions de 2025 : 1 237 067,50 $US provenant de 2 partenaires"]),
    ("zh", ["1 个大洲的 3 个国家共有 3 个活跃节点", "2025 的贡献：US$1,237,067.50，来自 2 个合作机构"]),
])
def test_an_archived_schema_1_report_still_says_its_sentences_in_its_language(app, lang, sentences):
    body = flat(render(schema_1(), lang))
    for sentence in sentences:
        assert sentence in body, sentence
    for sentence in ENGLISH[:7]:
        assert sentence not in body, sentence


def page_text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


def test_the_dashboard_says_the_section_summaries_in_the_readers_language(client, login_as, network):
    login_as("secretariat")
    client.post("/language", data={"lang": "fr", "next": "/"})
    page = page_text(client.get("/dashboard?year=2025"))
    assert "1 organisation partenaire a rejoint le réseau." in page
    assert "provenant de 2 partenaires" in page
    client.post("/language", data={"lang": "zh", "next": "/"})
    assert "个活跃节点" in page_text(client.get("/dashboard?year=2025"))


def test_the_progress_page_says_the_summaries_of_the_latest_report_in_the_visitors_language(client, make, network):
    make.report("annual", 2025, publish=True)
    page = page_text(client.get("/progress", headers={"Accept-Language": "fr"}))
    assert "3 nœuds actifs dans 3 pays sur 1 continent" in page
    assert "réunions" not in page and "meetings of the network" not in page  # governance is not public


def test_the_progress_page_says_an_archived_schema_1_report_in_the_visitors_language(client, make, db, network):
    report = make.report("annual", 2025, publish=True)
    report.snapshot_json = SCHEMA_1.read_text(encoding="utf-8")  # published before schema 2
    db.session.commit()
    page = page_text(client.get("/progress", headers={"Accept-Language": "zh"}))
    assert "1 个大洲的 3 个国家共有 3 个活跃节点" in page
    assert "active nodes in" not in page


def test_the_english_report_keeps_its_sentences(network):
    body = flat(render(network, "en"))
    assert "3 active nodes in 3 countries on 1 continent; 1 partner organization joined." in body
    assert "Contributions of 2025: $1,237,067.50 from 2 partners" in body
    for sentence in ENGLISH:
        assert sentence in body, sentence


@pytest.mark.parametrize("lang, sentences", [
    ("zh", ["1 个大洲的 3 个国家共有 3 个活跃节点", "2025 的贡献：US$1,237,067.50，来自 2 个合作机构",
            "各节点情况", "节点分布图", "13 气候行动"]),
    ("fr", ["3 nœuds actifs dans 3 pays sur 1 continent ; 1 organisation partenaire a rejoint le réseau.",
            "Contributions de 2025 : 1 237 067,50 $US provenant de 2 partenaires", "Carte des nœuds",
            "Les nœuds un par un"]),
    ("es", ["3 nodos activos en 3 países de 1 continente", "Contribuciones de 2025: 1.237.067,50 US$",
            "Mapa de los nodos"]),
])
def test_a_translated_report_says_its_sentences_in_its_language(network, lang, sentences):
    body = flat(render(network, lang))
    for sentence in sentences:
        assert sentence in body, sentence
    for sentence in ENGLISH:
        assert sentence not in body, sentence


def test_chart_labels_are_drawn_in_the_font_of_their_script():
    spec = {"kind": "hbar", "title": "t", "unit": "", "categories": [LEAD[:8], "ລາວ", "ไทย", "Österreich"],
            "series": [{"name": "贡献", "values": [3, 2, 1, 1]}, {"name": "ລາວ", "values": [1, 1, 1, 1]}]}
    plain = drawing_for(spec, 400)
    assert fonts.drawing_in_runs(plain) is not plain
    content = renderPDF.drawToString(fonts.drawing_in_runs(drawing_for(spec, 400, font=fonts.base_fonts()[0])))
    body = pdftotext(content)
    for label in (LEAD[:8], "ລາວ", "ไทย", "Österreich", "贡献"):
        assert label in body, label
    names = {name.split("+")[-1] for name, _subset in fonts_of(content)}
    assert {"NotoSansSC-Regular", "NotoSansLao-Regular", "NotoSansThai-Regular"} <= names, names
    latin = {"kind": "bar", "title": "t", "unit": "", "categories": ["a"], "series": [{"name": "b", "values": [1]}]}
    untouched = drawing_for(latin, 400)
    assert fonts.drawing_in_runs(untouched) is untouched  # nothing to change, nothing expanded


def test_a_chinese_report_draws_its_chart_labels_in_chinese(network):
    content = render(network, "zh")
    body = flat(content)
    assert "启用（3，100%）" in body  # the legend of the pie of nodes by status: drawn only in the chart
    assert "中国自然资源部国土卫星遥感应" in body.replace(" ", "")  # largest contributors, cut to the bar's room
    assert any("NotoSansSC" in name for name, subset in fonts_of(content) if subset)


def test_sdg_goals_are_named_in_the_language_of_the_report(network):
    chinese = flat(render(network, "zh")).replace(" ", "")
    assert "13气候行动" in chinese and "11可持续的城市和社区" in chinese  # the chart of cases by goal
    french = flat(render(network, "fr"))
    assert "ODD 11.5, 13 Mesures relatives à la lutte" in french  # the case's tags: a goal with its title
    english = flat(render(network, "en"))
    assert "SDG 11.5, 13 Climate Action" in english and "SDG 13" not in english


def test_the_dashboard_names_sdg_goals_and_titles_in_the_readers_language(client, login_as, network):
    login_as("secretariat")
    client.post("/language", data={"lang": "zh", "next": "/"})
    figures = client.get("/dashboard/figures.json?year=2025").json["figures"]
    by_id = {f["id"]: f for f in figures}
    assert "13 气候行动" in by_id["cases.sdg_goals"]["data"][0]["x"]
    assert by_id["contributions.top_partners"]["layout"]["title"]["text"] == "最大贡献方（2025，USD）"
    page = client.get("/dashboard?year=2025").get_data(as_text=True)
    assert "已收到的贡献（2025，已换算）" in page and "US$1,237,067.50" in page


def test_labels_with_values_are_translated_and_names_are_left_alone(app):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("zh"):
        assert wording.label("Data volume (GB)") == "数据量（GB）"
        assert wording.label("Largest contributors (Q1–Q3 2025, EUR)") == "最大贡献方（2025 年 Q1–Q3，EUR）"
        assert wording.label("Missing, overdue") == "缺失，逾期"
        assert wording.label("Mekong River Commission (MRC)") == "Mekong River Commission (MRC)"
        assert wording.label("Smith, Jones") == "Smith, Jones"
        assert wording.label("<b>Q3 2025</b>") == "<b>Q3 2025</b>"
        assert wording.summary({"key": "network", "summary": "Something else entirely."}) == "Something else entirely."
    with app.test_request_context(), force_locale("en"):
        assert wording.label("Largest contributors (2025, USD)") == "Largest contributors (2025, USD)"


def test_the_public_page_names_the_sdg_goals_of_completed_cases_in_the_visitors_language(client, make):
    make.node("LAO", host=make.organization(name="Lao host", country="LAO"), established_on=date(2019, 1, 1))
    make.case(title="Drought watch", status="completed", sdg=["2", "13.1"], start_on=date(2025, 1, 5),
              end_on=date(2025, 6, 1))
    make.report("annual", 2025, publish=True)
    page = client.get("/progress", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "ODS 13.1, 2 Hambre Cero" in page or "ODS 2 Hambre Cero, 13.1" in page
    assert "SDG 2" not in page
