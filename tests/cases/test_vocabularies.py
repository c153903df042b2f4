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


def test_vocabularies_are_read_once(monkeypatch):
    calls = []
    vocabulary.cache_clear()
    original = vocabularies._load_paris
    monkeypatch.setattr(vocabularies, "_load_paris", lambda: calls.append(1) or original())
    vocabulary("paris")
    vocabulary("paris")
    vocabulary.cache_clear()
    assert calls == [1]
