"""Scheduling from the web app (issue 15, section 1): the "Lịch phát" panel of a bulletin's page with
its form, the conflicts preview before saving (htmx), the one-click next window, removing a
schedule; reordering the items of one window with the ↑ ↓ buttons; "chưa có lịch phát" on the
dashboard. Every write is a call of `hub.broadcasts.service`, audited."""

from __future__ import annotations

import re
from datetime import timedelta

from hub.kit.time import VN_TZ, utcnow
from tests.support.device_api import bulletin
from tests.support.web import post_form, text_of, token_of

EA_KAO = "24169"
LONG_BODY = "Bà con lưu ý lịch tiêm chủng và vệ sinh môi trường trong thôn buôn. " * 14  # ≈ 80 s spoken


def _tomorrow():
    return (utcnow().astimezone(VN_TZ) + timedelta(days=1)).date()


def test_an_editor_schedules_daily_plays_from_the_bulletin_page(browser, client, login):
    bid = bulletin(client, login("bientap.eakao"), login("duyet.eakao"), title="Thu gom rác thải sinh hoạt")
    me = browser("bientap.eakao")
    page = me.get(f"/quan-tri/tin/{bid}")
    shown = text_of(page.text)
    assert "Lịch phát" in shown and "Chưa có lịch phát." in shown and "Phát ở khung giờ tới:" in shown
    day = _tomorrow()
    form = {"kieu": "daily", "gio": "6:00, 17h", "tu_ngay": day.isoformat(),
            "den_ngay": (day + timedelta(days=2)).isoformat()}  # fmt: skip
    preview = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{bid}/xem-truoc", form,
                        headers={"HX-Request": "true"})  # fmt: skip
    said = text_of(preview.text)
    assert preview.status_code == 200 and "Loa của Phường Ea Kao sẽ phát:" in said
    assert f"06:00 {day:%d/%m/%Y}" in said and "Không có xung đột" in said
    assert "Chưa có lịch phát." in text_of(me.get(f"/quan-tri/tin/{bid}").text)  # the preview saved nothing

    saved = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{bid}", form)
    shown = text_of(saved.text)
    assert saved.url.path == f"/quan-tri/tin/{bid}"
    assert "Đã xếp lịch phát tại Phường Ea Kao." in shown and "Không có xung đột." in shown
    assert f"Hằng ngày lúc 06:00, 17:00, từ {day:%d/%m/%Y} đến {day + timedelta(days=2):%d/%m/%Y}" in shown
    assert "Chưa có lịch phát." not in shown and "xếp lịch phát" in shown  # the audit trail of the bulletin

    (schedule_id,) = re.findall(r"/quan-tri/lich-phat/lich/(\d+)/bo", saved.text)
    removed = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/lich-phat/lich/{schedule_id}/bo", {})
    assert "Đã bỏ lịch phát." in text_of(removed.text) and "Chưa có lịch phát." in text_of(removed.text)


def test_the_preview_shows_the_conflicts_in_plain_vietnamese_before_saving(browser, client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    first = bulletin(client, editor, approver, title="Họp dân về đường liên thôn", body=LONG_BODY)
    second = bulletin(client, editor, approver, title="Nạo vét kênh mương", body=LONG_BODY)
    day = _tomorrow()
    me = browser("bientap.eakao")
    once = {"kieu": "once", "gio": "06:28", "ngay": day.isoformat()}
    post_form(me, f"/quan-tri/tin/{first}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{first}", once)
    preview = post_form(me, f"/quan-tri/tin/{second}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{second}/xem-truoc", once)
    said = text_of(preview.text)
    assert "Có 1 xung đột nếu lưu lịch này" in said and "Quá giờ đóng khung" in said
    assert "“Nạo vét kênh mương” kết thúc lúc" in said and "quá giờ đóng khung 06:00–06:30" in said
    bad = post_form(me, f"/quan-tri/tin/{second}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{second}/xem-truoc",
                    {**once, "gio": "22:00"})  # fmt: skip
    assert "nằm trong giờ yên tĩnh của Phường Ea Kao" in text_of(bad.text)


def test_bad_input_is_refused_in_vietnamese_and_the_form_keeps_what_was_typed(browser, client, login):
    bid = bulletin(client, login("bientap.eakao"), login("duyet.eakao"), title="Phun thuốc diệt muỗi")
    me = browser("bientap.eakao")
    refused = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{bid}",
                        {"kieu": "weekly", "gio": "25:00", "tu_ngay": "", "den_ngay": ""})  # fmt: skip
    assert refused.status_code == 422
    assert "Giờ “25:00” không hợp lệ" in text_of(refused.text) and 'value="25:00"' in refused.text
    no_day = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{bid}",
                       {"kieu": "weekly", "gio": "06:00"})  # fmt: skip
    assert no_day.status_code == 422 and "Hãy chọn ít nhất một thứ trong tuần." in text_of(no_day.text)
    odd = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{bid}",
                    {"kieu": "once", "gio": "06:00", "ngay": "hôm qua"})  # fmt: skip
    assert odd.status_code == 422 and "không hợp lệ" in text_of(odd.text)


def test_one_click_puts_the_bulletin_in_the_next_window(browser, client, login):
    bid = bulletin(client, login("bientap.eakao"), login("duyet.eakao"), title="Tiêm phòng dại cho chó mèo")
    me = browser("duyet.eakao")
    page = me.get(f"/quan-tri/tin/{bid}")
    label = re.search(r"Phát ở khung giờ tới: ([^<]+)</button>", page.text).group(1)
    done = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{bid}/khung-toi", {})
    shown = text_of(done.text)
    assert "Đã xếp lịch phát tại Phường Ea Kao." in shown and f"lúc {label[:5]}" in shown and "Một lần, ngày" in shown


def test_the_editor_of_another_commune_cannot_schedule_here(browser, client, login):
    bid = bulletin(client, login("bientap.eakao"), login("duyet.eakao"), title="Tin của Ea Kao")
    other = browser("bientap.cumgar")
    token = token_of(other.get("/quan-tri/").text)
    answer = other.post(f"/quan-tri/lich-phat/{EA_KAO}/tin/{bid}/khung-toi", data={"csrf_token": token})
    assert answer.status_code == 403


def test_up_and_down_buttons_reorder_the_items_of_one_window(browser, client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    day = _tomorrow()
    ids = []
    for title in ("Tin thứ nhất", "Tin thứ hai"):
        bid = bulletin(client, editor, approver, title=title)
        ids.append(bid)
        answer = client.post(f"/api/v1/broadcasts/{EA_KAO}/schedules", headers=editor,
                             json={"bulletin_id": bid, "recurrence": "once", "times": ["17:00"],
                                   "days": [day.isoformat()]})  # fmt: skip
        assert answer.status_code == 201, answer.text
    me = browser("bientap.eakao")
    week = f"/quan-tri/lich-phat/{EA_KAO}?tuan={day.isoformat()}"
    page = me.get(week).text
    assert page.index("Tin thứ nhất") < page.index("Tin thứ hai")
    assert 'aria-label="Đưa “Tin thứ hai” lên trước"' in page and 'data-reorder-group="' in page
    up = re.search(r'name="order" value="([\d,]+)"><input type="hidden" name="tuan" value="[^"]+"><button '
                   r'type="submit" class="small" aria-label="Đưa “Tin thứ hai” lên trước"', page)  # fmt: skip
    assert up.group(1) == f"{ids[1]},{ids[0]}"
    moved = post_form(me, week, f"/quan-tri/lich-phat/{EA_KAO}/thu-tu",
                      {"order": up.group(1), "tuan": day.isoformat()})  # fmt: skip
    assert "Đã đổi thứ tự phát trong khung giờ." in text_of(moved.text)
    assert moved.text.index("Tin thứ hai") < moved.text.index("Tin thứ nhất")
    bad = post_form(me, week, f"/quan-tri/lich-phat/{EA_KAO}/thu-tu", {"order": "1,x", "tuan": ""})
    assert bad.status_code == 422 and "Thứ tự gửi lên không hợp lệ" in text_of(bad.text)


def test_the_dashboard_says_an_approved_normal_bulletin_has_no_schedule(browser, client, login):
    bid = bulletin(client, login("bientap.eakao"), login("duyet.eakao"), title="Vệ sinh môi trường cuối tuần")
    shown = text_of(browser("bientap.eakao").get("/quan-tri/").text)
    assert "Vệ sinh môi trường cuối tuần — chưa có lịch phát" in shown
    week = text_of(browser("bientap.eakao").get(f"/quan-tri/lich-phat/{EA_KAO}").text)
    assert "Tin đã duyệt chưa có lịch phát" in week and "Vệ sinh môi trường cuối tuần — chưa có lịch phát" in week
    client.post(f"/api/v1/broadcasts/{EA_KAO}/schedules", headers=login("bientap.eakao"),
                json={"bulletin_id": bid, "recurrence": "daily", "times": ["17:00"], "days": []})  # fmt: skip
    assert "Vệ sinh môi trường cuối tuần — chưa có lịch phát" not in text_of(
        browser("bientap.eakao").get("/quan-tri/").text
    )


def test_an_approver_schedules_a_submitted_bulletin_while_approving_it(browser, client, login):
    editor = login("bientap.eakao")
    body = {"title": "Ngày hội đại đoàn kết", "body": "Mời bà con dự.", "category": "local_affairs",
            "target_codes": [EA_KAO]}  # fmt: skip
    bid = client.post("/api/v1/bulletins", json=body, headers=editor).json()["id"]
    assert client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor).status_code == 200
    me = browser("duyet.eakao")
    page = text_of(me.get(f"/quan-tri/tin/{bid}").text)
    assert "Duyệt tin" in page and "Xếp lịch phát khác" in page
    day = _tomorrow()
    once = {"kieu": "once", "gio": "17:05", "ngay": day.isoformat()}
    preview = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{bid}/xem-truoc", once)
    assert f"17:05 {day:%d/%m/%Y}" in text_of(preview.text)  # previewed as if approved
    saved = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/lich-phat/{EA_KAO}/tin/{bid}", once)
    assert "Đã xếp lịch phát tại Phường Ea Kao." in text_of(saved.text)
    approved = post_form(me, f"/quan-tri/tin/{bid}", f"/quan-tri/tin/{bid}/duyet", {})
    assert "Một lần, ngày" in text_of(approved.text) and "Chưa có lịch phát." not in text_of(approved.text)


def test_ordering_the_priority_bulletins_with_the_buttons_ends_their_conflict(browser, client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    bulletin(client, editor, approver, title="Phòng chống dịch tả lợn", priority="priority")
    bulletin(client, editor, approver, title="Phòng cháy nổ nhà dân", priority="priority")
    me = browser("bientap.eakao")
    day = _tomorrow()
    week = f"/quan-tri/lich-phat/{EA_KAO}?tuan={day.isoformat()}"
    page = me.get(week).text
    assert "Cần sắp thứ tự tin ưu tiên" in text_of(page)
    up = re.search(r'name="order" value="([\d,]+)"><input type="hidden" name="tuan" value="[^"]+"><button '
                   r'type="submit" class="small" aria-label="Đưa “Phòng cháy nổ nhà dân” lên trước"', page)  # fmt: skip
    done = post_form(me, week, f"/quan-tri/lich-phat/{EA_KAO}/thu-tu", {"order": up.group(1), "tuan": day.isoformat()})
    shown = text_of(done.text)
    assert "Đã đổi thứ tự phát trong khung giờ." in shown and "Cần sắp thứ tự tin ưu tiên" not in shown
    assert done.text.index("Phòng cháy nổ nhà dân") < done.text.index("Phòng chống dịch tả lợn")
    trail = client.get("/api/v1/audit", params={"entity_type": "area"}, headers=login("admin", "admin-password-1"))
    assert any(r["action"] == "broadcast.play_order" and r["channel"] == "web" for r in trail.json())


COMPOSED = {"title": "Phun thuốc diệt muỗi toàn phường", "category": "society", "priority": "normal",
            "body": "Tổ dân phố phối hợp phun thuốc diệt muỗi phòng sốt xuất huyết, bà con đóng cửa tủ thức ăn.",
            "targets": [EA_KAO]}  # fmt: skip


def _station_head(hub) -> None:
    """The ward's approver also writes bulletins (a commune station's head often does both)."""
    from hub.accounts import service as accounts

    with hub.database.uow() as uow:
        admin = accounts.principal_for_user(uow, "admin", "web")
        accounts.grant_role(uow, admin, "duyet.eakao", "editor", EA_KAO)
        uow.commit()


def test_an_approver_composes_approves_and_schedules_in_one_form(hub, browser):
    from hub.accounts import service as accounts
    from hub.broadcasts import service

    assert "Lưu, duyệt và xếp lịch phát" not in browser("bientap.eakao").get("/quan-tri/tin/moi").text  # an editor
    _station_head(hub)
    me = browser("duyet.eakao")
    page = me.get("/quan-tri/tin/moi")
    assert "Lưu, duyệt và xếp lịch phát" in page.text and 'name="gio"' in page.text and 'name="thu"' in page.text

    day = _tomorrow()
    schedule = {"kieu": "daily", "gio": "6:00, 17h", "tu_ngay": day.isoformat(),
                "den_ngay": (day + timedelta(days=2)).isoformat()}  # fmt: skip
    saved = post_form(me, "/quan-tri/tin/moi", "/quan-tri/tin/moi", {**COMPOSED, **schedule, "_action": "approve"})
    shown = text_of(saved.text)
    assert saved.status_code == 200 and saved.url.path.startswith("/quan-tri/tin/"), shown[:500]
    assert "Đã lưu và duyệt tin." in shown and "Đã xếp lịch phát tại Phường Ea Kao." in shown
    assert f"Hằng ngày lúc 06:00, 17:00, từ {day:%d/%m/%Y} đến {day + timedelta(days=2):%d/%m/%Y}" in shown
    bid = int(saved.url.path.rsplit("/", 1)[1])
    with hub.database.uow(write=False) as uow:
        official = accounts.principal_for_user(uow, "duyet.eakao", "web")
        [item] = [x for x in service.programme(uow, official, EA_KAO).schedules if x.bulletin_id == bid]
        assert item.times == ["06:00", "17:00"] and item.starts_on == day
        assert str(uow.bulletins.get(bid).status) in ("approved", "published")


def test_the_compose_forms_schedule_is_optional_and_a_mistyped_time_approves_nothing(hub, browser):
    _station_head(hub)
    me = browser("duyet.eakao")
    mistyped = {"kieu": "once", "gio": "25:00", "ngay": _tomorrow().isoformat(), "_action": "approve"}
    wrong = post_form(me, "/quan-tri/tin/moi", "/quan-tri/tin/moi", {**COMPOSED, **mistyped})
    assert wrong.status_code == 422 and "25:00" in text_of(wrong.text)
    assert 'value="25:00"' in wrong.text and COMPOSED["title"] in wrong.text  # what was typed stays
    assert COMPOSED["title"] not in me.get("/quan-tri/tin").text  # nothing was saved

    plain = post_form(me, "/quan-tri/tin/moi", "/quan-tri/tin/moi", {**COMPOSED, "gio": "", "_action": "approve"})
    shown = text_of(plain.text)
    assert "Đã lưu và duyệt tin." in shown and "Chưa có lịch phát." in shown

    editor = browser("bientap.eakao")  # the button alone does not make an editor an approver
    refused = post_form(editor, "/quan-tri/tin/moi", "/quan-tri/tin/moi", {**COMPOSED, "title": "Tin thử quyền duyệt",
                                                                          "_action": "approve"})  # fmt: skip
    assert refused.status_code == 403
    assert "Tin thử quyền duyệt" not in editor.get("/quan-tri/tin").text
