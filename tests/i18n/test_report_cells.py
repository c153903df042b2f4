"""Cells a report composes (participants by country, a case's Paris areas) are said in the reader's language,
not written in English into the snapshot."""

import re
from datetime import date

from app.core.periods import Period
from app.reports.figures import build_snapshot
from app.reports.pdf import render_pdf
from tests.reports.pdf_text import raw


def _pdf(lang: str) -> str:
    snapshot = build_snapshot(Period(2025), as_of=date(2026, 1, 20), currency="USD")
    return re.sub(r"\s+", " ", raw(render_pdf(snapshot, status="draft", version=1, data_sha256="0" * 64,
                                              lang=lang)))


def test_participants_by_country_and_paris_areas_in_french(make):
    make.event(title="Mekong flood course", start_on=date(2025, 8, 20), country="LAO", participants_total=19,
               participants_by_country={"CHN": 13, "NPL": 6})
    make.case(title="Flood mapping", countries=["LAO"], status="ongoing", start_on=date(2025, 1, 1),
              paris=["technology"])
    french, english = _pdf("fr"), _pdf("en")
    assert "Chine 13, Népal 6" in french and "China 13" not in french
    assert "China 13, Nepal 6" in english
    assert "Mise au point et transfert de technologies" in french
    assert "Technology development and transfer" in english
    assert "technology" not in english.replace("Technology", "")  # the coverage table names areas, no slug
