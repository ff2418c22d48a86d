import unicodedata

import pytest

from hub.kit.text import fold as hub_fold
from nlu.areas import load_province
from nlu.text import expand, fold, fold_with_offsets


def test_fold_agrees_with_the_hub_on_every_area_name():
    for area in load_province(66):
        assert fold(area.name) == hub_fold(area.name), area.name


@pytest.mark.parametrize(
    "typed", ["Cư M’gar", "Cư M'gar", "CƯ M’GAR", "cu mgar", "  cư   m`gar ", unicodedata.normalize("NFD", "Cư M’gar")]
)
def test_every_spelling_of_a_commune_folds_to_one_key(typed):
    assert fold(typed) == "cu mgar"


def test_offsets_point_into_the_decomposed_text_the_citizen_sent():
    text = unicodedata.normalize("NFD", "Loa ở Cư M’gar")
    folded = fold_with_offsets(text)
    tokens = folded.tokens()
    assert [t.text for t in tokens] == ["loa", "o", "cu", "mgar"]
    assert text[tokens[2].start : tokens[3].end] == unicodedata.normalize("NFD", "Cư M’gar")


def test_teencode_is_expanded():
    assert expand(["ko", "dc", "j"]) == ["khong", "duoc", "gi"]
    assert expand(["bn"]) == ["bao", "nhieu"]
