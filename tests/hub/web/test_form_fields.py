"""The form-field macro writes the extra attributes it is given as attributes, not as escaped text."""

import re

from hub.bulletins.model import TITLE_MAX


def _input(html: str, name: str) -> str:
    found = re.search(rf'<input id="f-{name}"[^>]*>', html)
    assert found, f"no input {name}"
    return found.group(0)


def test_the_title_field_carries_its_maxlength_as_a_real_attribute(browser):
    page = browser("bientap.eakao").get("/quan-tri/tin/moi")
    title = _input(page.text, "title")
    assert f'maxlength="{TITLE_MAX}"' in title
    assert "&quot;" not in title and "&#34;" not in title


def test_sign_in_fields_have_autocomplete_and_autofocus_unescaped(browser):
    page = browser().get("/quan-tri/dang-nhap")
    username, password = _input(page.text, "username"), _input(page.text, "password")
    assert 'autocomplete="username"' in username and 'autocapitalize="none"' in username
    assert " autofocus" in username and "autofocus" not in password
    assert 'autocomplete="current-password"' in password
    assert "&#34;" not in username + password and "&quot;" not in username + password


def test_number_fields_have_their_bounds(browser):
    page = browser("vanhanh.eakao").get("/quan-tri/lich-phat/24169/quy-che")
    volume = _input(page.text, "max_volume")
    assert 'min="0"' in volume and 'max="100"' in volume and 'inputmode="numeric"' in volume
