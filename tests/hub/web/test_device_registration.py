"""An operator registers a device on a page, issues it a new token and retires it (issue 18, item 9):
the token is shown once and works on the device protocol, the old one stops working, every change is
audited, and only the area's operators may do it."""

from __future__ import annotations

import re

from sqlalchemy import select

from hub.audit.tables import audit_table
from hub.devices import access as device_access
from hub.kit.errors import Unauthorized
from tests.support.web import post_form, text_of

NEW = "/quan-tri/thiet-bi/dang-ky"
IMEI = "860001000009991"


def _token(html: str) -> str:
    found = re.search(r'id="f-token" name="token" type="text" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def _works(hub, token: str) -> bool:
    with hub.database.uow(write=False) as uow:
        try:
            device_access.authenticate(uow, token)
            return True
        except Unauthorized:
            return False


def test_an_operator_registers_rotates_and_retires_a_device(hub, browser) -> None:
    operator = browser("vanhanh.eakao")
    data = {"imei": IMEI, "name": "Cụm loa chợ Ea Kao", "kind": "loudspeaker", "area": "24169", "location": "Chợ"}
    bad = post_form(operator, NEW, NEW, {**data, "imei": "x"})
    assert bad.status_code == 422 and "IMEI" in text_of(bad.text)
    made = post_form(operator, NEW, NEW, data)
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    first = _token(made.text)
    assert "Đã đăng ký thiết bị" in text_of(made.text) and _works(hub, first)
    again = post_form(operator, NEW, NEW, data)
    assert again.status_code == 409 and "đã được đăng ký" in text_of(again.text)

    page = f"/quan-tri/thiet-bi/{IMEI}"
    rotated = post_form(operator, page, f"{page}/doi-ma", {})
    second = _token(rotated.text)
    assert second != first and _works(hub, second) and not _works(hub, first)

    no_reason = post_form(operator, page, f"{page}/thu-hoi", {"reason": " "})
    assert no_reason.status_code == 422
    retired = post_form(operator, page, f"{page}/thu-hoi", {"reason": "Thiết bị hỏng, đã tháo dỡ"})
    assert retired.status_code == 200 and "Đã thu hồi mã của thiết bị Cụm loa chợ Ea Kao" in text_of(retired.text)
    assert not _works(hub, second)
    assert f'action="{page}/doi-ma"' not in retired.text  # a retired device gets no new token
    with hub.database.uow(write=False) as uow:
        trail = uow.session.execute(
            select(audit_table.c.action).where(audit_table.c.entity_id == IMEI).order_by(audit_table.c.id)
        ).scalars().all()  # fmt: skip
    assert trail == ["device.add", "device.rotate", "device.revoke"]


def test_only_the_areas_operators_register_devices(browser) -> None:
    data = {"imei": "860001000009992", "name": "Loa", "kind": "loudspeaker", "area": "24169"}
    for who in ("bientap.eakao", "duyet.eakao"):
        assert post_form(browser(who), "/quan-tri/", NEW, data).status_code == 403, who
    other = post_form(browser("vanhanh.eakao"), NEW, NEW, {**data, "area": "24280"})
    assert other.status_code == 403
