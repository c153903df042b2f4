"""Reports in a chosen language: the CLI, the API and the page; each edition keeps its language."""

import re
from datetime import date

import pytest

from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.models import Report
from app.reports.pdf import render_pdf
from app.reports.snapshot import canonical_json, sha256_text
from tests.reports.pdf_text import pdftotext


@pytest.fixture
def network(make):
    for code in ("LAO", "KEN", "NPL"):
        make.node(code, host=make.organization(name=f"Host {code}", country=code), established_on=date(2019, 1, 1))


def test_cli_generates_in_chinese_and_publishing_keeps_it(runner, network, db, tmp_path):
    out = tmp_path / "zh.pdf"
    result = runner.invoke(args=["reports", "generate", "--kind", "annual", "--year", "2025", "--out", str(out),
                                 "--lang", "zh", "--publish"])
    assert result.exit_code == 0, result.output
    assert "Language of the PDF: zh" in result.output
    report = db.session.query(Report).one()
    assert report.lang == "zh" and report.is_published
    body = pdftotext(out.read_bytes())
    assert "2025 年度报告" in body and "执行摘要" in body and "已发布" in body
    assert "Executive summary" not in body
    refused = runner.invoke(args=["reports", "generate", "--kind", "annual", "--year", "2025", "--out",
                                  str(out), "--lang", "xx"])
    assert refused.exit_code != 0 and "xx" in refused.output


def test_a_correction_inherits_the_language_unless_another_is_asked(runner, network, db, tmp_path):
    out = tmp_path / "r.pdf"
    base = ["reports", "generate", "--kind", "seasonal", "--year", "2025", "--quarter", "2", "--out", str(out)]
    assert runner.invoke(args=[*base, "--lang", "fr", "--publish"]).exit_code == 0
    assert runner.invoke(args=[*base, "--correction"]).exit_code == 0
    assert [r.lang for r in db.session.query(Report).order_by(Report.version)] == ["fr", "fr"]
    assert "Rapport saisonnier" in pdftotext(out.read_bytes())
    assert runner.invoke(args=[*base, "--lang", "es"]).exit_code == 0  # the open draft, rebuilt in Spanish
    assert [r.lang for r in db.session.query(Report).order_by(Report.version)] == ["fr", "es"]


def test_api_takes_the_language_and_names_a_wrong_one(api_as, network):
    api = api_as("secretariat")
    response = api.post("/api/v1/reports", json={"kind": "annual", "year": 2025, "lang": "es"})
    assert response.status_code == 201, response.json
    assert response.json["lang"] == "es"
    assert "Informe anual 2025" in pdftotext(api.get(response.json["pdf_url"]).data)
    wrong = api.post("/api/v1/reports", json={"kind": "annual", "year": 2025, "lang": "klingon"})
    assert wrong.status_code == 422 and "lang" in wrong.json["error"]["fields"]


def test_the_generate_page_offers_the_languages(client, login_as, network, db):
    login_as("secretariat")
    page = client.get("/reports/generate").get_data(as_text=True)
    assert '<option value="zh">简体中文</option>' in page and "Español" in page
    response = client.post("/reports/generate", data={"kind": "annual", "year": "2025", "quarter": "",
                                                      "lang": "zh"})
    assert response.status_code == 302
    report = db.session.query(Report).one()
    assert report.lang == "zh"
    assert "简体中文" in client.get(f"/reports/{report.id}").get_data(as_text=True)


def figures(body: str) -> list[str]:
    """The numbers of a PDF's text with their group separators taken out, in order."""
    found = re.findall(r"\d[\d,\u202f\xa0]*", body)
    return [n.replace(",", "").replace("\u202f", "").replace("\xa0", "") for n in found]


def test_the_same_snapshot_in_two_languages_has_the_same_figures(network):
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    digest = sha256_text(canonical_json(snapshot))
    english = render_pdf(snapshot, status="draft", version=1, data_sha256=digest, lang="en")
    chinese = render_pdf(snapshot, status="draft", version=1, data_sha256=digest, lang="zh")
    assert english != chinese
    en_text, zh_text = pdftotext(english), pdftotext(chinese)
    assert "Annual report 2025" in en_text and "2025 年度报告" in zh_text
    for headline in snapshot["headline"]:
        if isinstance(headline["value"], int):
            assert re.search(rf"\b{headline['value']:,}\b", en_text) and re.search(rf"\b{headline['value']:,}\b",
                                                                                  zh_text)
    assert sorted(figures(en_text)) != [] and digest in en_text.replace("\n", "") and digest in zh_text.replace(
        "\n", "")
