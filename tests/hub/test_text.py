"""Folding Vietnamese names for search."""

import unicodedata

import pytest

from hub.kit.text import clean_name, compact, fold, strip_unit_prefix


@pytest.mark.parametrize("typed", ["Cư M’gar", "Cư M'gar", "CƯ M’GAR", "cu mgar", "Cu  M`gar", "cư m‘gar"])
def test_every_spelling_folds_to_one_key(typed: str) -> None:
    assert fold(typed) == "cu mgar"


def test_decomposed_unicode_folds_like_composed() -> None:
    assert fold(unicodedata.normalize("NFD", "Đắk Lắk")) == fold("Đắk Lắk") == "dak lak"


def test_clean_name_fixes_the_dataset_spacing_and_apostrophes() -> None:
    assert clean_name("Phường  Tân An") == "Phường Tân An"
    assert clean_name("Xã Ea M'Droh") == "Xã Ea M’Droh"


def test_unit_prefix_and_compact_forms() -> None:
    assert strip_unit_prefix(fold("Phường Ea Kao")) == "ea kao"
    assert strip_unit_prefix(fold("Tổ dân phố 5")) == "5"
    assert compact("cu mgar") == "cumgar"
