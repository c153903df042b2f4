import csv
from collections import Counter

import pytest

from app.cases import vocabularies
from app.cases.vocabularies import DATA, expand, search_all, unknown_codes, vocabulary


def test_sdg_has_17_goals_169_targets_and_248_indicator_entries():
    sdg = vocabulary("sdg")
    assert len(sdg.level("goal")) == 17
    assert len(sdg.level("target")) == 169
    assert len(sdg.level("indicator")) == 248
    assert [g.code for g in sdg.top] == [str(n) for n in range(1, 18)]


def test_sendai_has_7_targets_and_38_indicators_and_paris_8_areas():
    sendai = vocabulary("sendai")
    assert [t.code for t in sendai.level("target")] == list("ABCDEFG")
    assert len(sendai.level("indicator")) == 38
    assert len(vocabulary("paris")) == 8
    assert "loss_and_damage" in vocabulary("paris")


@pytest.mark.parametrize("name", ["sdg", "sendai", "paris"])
def test_every_parent_exists_one_level_up(name):
    vocab = vocabulary(name)
    above = {"target": {"goal", None}, "indicator": {"target"}, "area": {None}}
    for term in vocab.terms.values():
        if term.parent is None:
            assert term.level in {"goal", "area"} or (name == "sendai" and term.level == "target")
        else:
            assert term.parent in vocab, term.code
            assert vocab.terms[term.parent].level in above[term.level], term.code


@pytest.mark.parametrize("name", ["sdg", "sendai", "paris"])
def test_codes_are_unique_in_the_shipped_files(name):
    with (DATA / f"{name}.csv").open(encoding="utf-8") as handle:
        codes = Counter(row["code"].strip() for row in csv.DictReader(handle))
    assert codes and max(codes.values()) == 1


def test_indicators_listed_under_several_targets_know_their_twins():
    sdg = vocabulary("sdg")
    assert set(sdg.terms["13.1.1"].same_as) == {"1.5.1", "11.5.1"}
    assert sdg.terms["11.5.2"].same_as == ("1.5.2",)
    assert sdg.terms["11.5.3"].same_as == ()
    # 248 entries; the repeated ones share a title, so there are fewer distinct indicators.
    distinct = {" ".join(t.title.split()).lower() for t in sdg.level("indicator")}
    assert 228 < len(distinct) < 248


def test_an_indicator_counts_for_its_target_and_goal():
    assert vocabulary("sdg").ancestors("11.5.2") == ["11.5", "11"]
    assert vocabulary("sendai").ancestors("B-1") == ["B"]
    assert expand("sdg", ["11.5.2", "1.5.1"]) == {"11.5.2": True, "11.5": False, "11": False,
                                                   "1.5.1": True, "1.5": False, "1": False}
    assert expand("sdg", ["11", "11.5.2"])["11"] is True


def test_a_code_the_file_no_longer_holds_keeps_its_place_by_syntax():
    sdg = vocabulary("sdg")
    term = sdg.term("11.9.9")
    assert term.withdrawn and term.parent == "11.9" and term.level == "indicator"
    assert sdg.ancestors("11.9.9") == ["11.9", "11"]
    assert vocabulary("sendai").ancestors("H-3") == ["H"]


def test_unknown_codes_are_found():
    assert unknown_codes("sdg", ["11.5.2", "18", "11.5.9"]) == ["18", "11.5.9"]
    assert unknown_codes("sendai", ["B-1", "B-9"]) == ["B-9"]


def test_search_by_code_prefix_then_by_words():
    codes = [t.code for t in vocabulary("sdg").search("11.5")]
    assert codes[:4] == ["11.5", "11.5.1", "11.5.2", "11.5.3"]
    words = search_all("disaster", limit=100)
    assert {"sdg", "sendai"} <= {t.vocabulary for t in words}
    assert "B-1" in {t.code for t in words} and "11.5" in {t.code for t in words}
    assert [t.code for t in search_all("b-1")][:1] == ["B-1"]
    assert search_all("   ") == []


def test_titles_in_the_users_language():
    goal = vocabulary("sdg").terms["11"]
    assert goal.title_in("fr") != goal.title and goal.title_in("fr")
    assert goal.title_in("de") == goal.title
    assert goal.short_title_in("en") == "Sustainable Cities and Communities"


@pytest.mark.parametrize(("name", "code"), [("sdg", "13"), ("sendai", "A"), ("sendai", "G"),
                                            ("paris", "adaptation"), ("paris", "global_stocktake")])
def test_every_framework_has_its_titles_in_chinese_french_and_spanish(name, code):
    term = vocabulary(name).terms[code]
    for locale in ("zh", "fr", "es"):
        assert term.title_in(locale) and term.title_in(locale) != term.title
    assert term.title_in("en") == term.title and term.title_in(None) == term.title


def test_translated_titles_of_the_sendai_targets_and_paris_areas():
    sendai, paris = vocabulary("sendai"), vocabulary("paris")
    assert all(t.title_in("fr") != t.title for t in sendai.level("target"))
    assert sendai.terms["C"].title_in("es").startswith("Reducir las pérdidas económicas causadas directamente")
    assert sendai.terms["A"].title_in("zh").startswith("到2030年大幅降低全球灾害死亡率")
    assert sendai.terms["A-1"].title_in("fr") == sendai.terms["A-1"].title  # no translation: English
    assert all(t.short_title_in("zh") != t.short_title and t.title_in("zh") != t.title for t in paris.terms.values())
    assert paris.terms["mitigation"].short_title_in("fr") == "Atténuation"
    assert paris.terms["finance"].short_title_in("es") == "Financiación"
    assert paris.terms["finance"].title_in("de") == paris.terms["finance"].title
    assert [t.code for t in search_all("pérdidas", locale="es", names=("paris",))] == ["loss_and_damage"]


def test_vocabularies_are_read_once(monkeypatch):
    calls = []
    vocabulary.cache_clear()
    original = vocabularies._load_paris
    monkeypatch.setattr(vocabularies, "_load_paris", lambda: calls.append(1) or original())
    vocabulary("paris")
    vocabulary("paris")
    vocabulary.cache_clear()
    assert calls == [1]
