"""The admin's routing rules page (issue 18 item 9): the rules of the admin's area in plain Vietnamese,
one added (the next case goes to that unit), one removed after a confirmation, each change audited;
an admin of a commune sees and changes only their commune's rules; others are refused."""

from __future__ import annotations

import re

from hub.accounts import service as accounts
from hub.accounts.model import Principal, Role
from tests.support.feedback import file_web
from tests.support.settings import DEMO_PASSWORD
from tests.support.web import post_form, text_of, token_of

PAGE = "/quan-tri/quy-tac-chuyen"
ADMIN = ("admin", "admin-password-1")
SECURITY = "phản ánh lĩnh vực “An ninh, trật tự, an toàn xã hội”"
RULE = {"area": "24169", "category": "security_order", "unit_area": "24169", "unit_name": "Công an phường Ea Kao"}


def test_an_admin_adds_a_rule_the_next_case_goes_there_and_removing_it_asks_first(browser, client):
    admin = browser(*ADMIN)
    empty = text_of(admin.get(PAGE).text)
    assert "Chưa có quy tắc nào" in empty and "Quy tắc chuyển phản ánh" in text_of(admin.get("/quan-tri/").text)

    added = post_form(admin, PAGE, f"{PAGE}/them", RULE)
    shown = text_of(added.text)
    assert added.status_code == 200, added.text
    assert f"Đã thêm quy tắc: {SECURITY} ở Phường Ea Kao do Công an phường Ea Kao trả lời." in shown
    assert "An ninh, trật tự, an toàn xã hội ở Phường Ea Kao → Công an phường Ea Kao" in shown
    assert "security_order" not in shown and "24169" not in shown  # names, not codes

    filed = file_web(client, "Nhóm thanh niên tụ tập đua xe mỗi tối.", category="security_order").json()
    assert filed["unit_name"] == "Công an phường Ea Kao"

    again = post_form(admin, PAGE, f"{PAGE}/them", RULE)
    assert again.status_code == 409 and "đã có quy tắc cho lĩnh vực này" in text_of(again.text)
    assert 'value="Công an phường Ea Kao"' in again.text  # what was typed stays

    (link,) = [part.split('"')[0] for part in added.text.split(f'href="{PAGE}/')[1:] if "/xoa" in part.split('"')[0]]
    confirm = text_of(admin.get(f"{PAGE}/{link}").text)
    assert "Xóa quy tắc chuyển phản ánh?" in confirm
    assert f"Hiện nay {SECURITY} ở Phường Ea Kao do Công an phường Ea Kao trả lời." in confirm
    assert "Công an phường Ea Kao" in text_of(admin.get(PAGE).text)  # asking removed nothing
    removed = post_form(admin, f"{PAGE}/{link}", f"{PAGE}/{link}", {})
    assert f"Đã xóa quy tắc: {SECURITY} ở Phường Ea Kao" in text_of(removed.text)
    assert "Chưa có quy tắc nào" in text_of(removed.text)
    other = file_web(client, "Nhóm thanh niên đua xe gây ồn ào.", category="security_order").json()
    assert other["unit_name"] == "UBND Phường Ea Kao"

    log = text_of(admin.get("/quan-tri/nhat-ky", params={"entity_type": "feedback_route"}).text)
    assert "Thêm quy tắc chuyển phản ánh" in log and "Xóa quy tắc chuyển phản ánh" in log


def test_a_rule_for_every_category_reads_as_such(browser):
    admin = browser(*ADMIN)
    added = post_form(admin, PAGE, f"{PAGE}/them", {"area": "24280", "category": "", "unit_area": "", "unit_name": ""})
    assert "Đã thêm quy tắc: mọi phản ánh ở Xã Cư M’gar do UBND Xã Cư M’gar trả lời." in text_of(added.text)
    assert "Mọi lĩnh vực ở Xã Cư M’gar → UBND Xã Cư M’gar" in text_of(added.text)


def test_a_communes_admin_sees_only_its_rules_and_officials_without_the_role_are_refused(browser, client, hub, login):
    admin = browser(*ADMIN)
    theirs = {**RULE, "area": "24280", "unit_area": "24280", "unit_name": "Đồn Công an Cư M’gar"}
    post_form(admin, PAGE, f"{PAGE}/them", theirs)
    with hub.database.uow() as uow:
        accounts.create_user(
            uow, Principal.system("cli"), "quantri.eakao", "Quản trị Ea Kao", DEMO_PASSWORD, [(Role.ADMIN, "24169")]
        )
        uow.commit()
    commune = browser("quantri.eakao")
    page = text_of(commune.get(PAGE).text)
    assert "Chưa có quy tắc nào" in page and "Đồn Công an Cư M’gar" not in page
    assert 'value="24280"' not in commune.get(PAGE).text  # only its own commune to choose
    refused = post_form(commune, PAGE, f"{PAGE}/them", {**RULE, "area": "24280", "unit_area": "24280"})
    assert refused.status_code == 403 and "Xã Cư M’gar" in text_of(refused.text)
    assert post_form(commune, PAGE, f"{PAGE}/them", RULE).status_code == 200
    listed = client.get("/api/v1/feedback/routes", headers=login("quantri.eakao")).json()  # the API lists the same
    assert [(r["area_code"], r["unit_name"]) for r in listed] == [("24169", "Công an phường Ea Kao")]
    assert client.get("/api/v1/feedback/routes", headers=login("duyet.tinh")).status_code == 403

    for official in ("duyet.tinh", "bientap.eakao"):
        page = browser(official)
        assert page.get(PAGE).status_code == 403
        assert "Quy tắc chuyển phản ánh" not in text_of(page.get("/quan-tri/").text)
        refused = post_form(page, "/quan-tri/", f"{PAGE}/them", RULE)
        assert refused.status_code == 403 and "vai trò “Quản trị”" in text_of(refused.text)
    assert browser("duyet.tinh").get(f"{PAGE}/1/xoa").status_code == 403
    assert admin.get(f"{PAGE}/999999/xoa").status_code == 404


def test_back_and_resubmit_of_the_add_form_adds_nothing_twice(browser):
    admin = browser(*ADMIN)
    page = admin.get(PAGE).text
    once = re.search(r'action="/quan-tri/quy-tac-chuyen/them"[^>]*>.*?name="form_once" value="([^"]+)"', page, re.S)
    assert once, "the add form carries no idempotency token"
    form = {"csrf_token": token_of(page), "form_once": once.group(1), **RULE}
    first = admin.post(f"{PAGE}/them", data=form)
    assert "Đã thêm quy tắc" in text_of(first.text)
    again = admin.post(f"{PAGE}/them", data=form)  # Back, then the same form again
    assert again.status_code == 200 and "đã được gửi trước đó" in text_of(again.text)
    assert "đã có quy tắc" not in text_of(again.text)
