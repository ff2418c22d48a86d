"""The emergency button: approvers confirm exactly which areas are interrupted, then it is on air at
once; editors are refused with the role they would need."""

from tests.support.web import post_form, text_of

ALERT = {
    "title": "Cảnh báo lũ quét",
    "body": "Mưa rất to trong đêm nay. Bà con vùng trũng thấp di chuyển đến nơi an toàn ngay.",
    "category": "disaster_emergency",
    "targets": "24169",
}


def test_an_approver_confirms_the_areas_and_the_emergency_goes_on_air(browser, client, login):
    me = browser("duyet.eakao")
    assert "Phát tin khẩn cấp" in me.get("/quan-tri/").text
    confirm = post_form(me, "/quan-tri/khan-cap", "/quan-tri/khan-cap", {**ALERT, "_step": "review"})
    page = text_of(confirm.text)
    assert "Xác nhận phát tin khẩn cấp" in page
    assert "Phường Ea Kao (24169) — và 3 địa bàn trực thuộc: Buôn Ea Kao, Thôn 1, Thôn 2" in page
    before = client.get("/api/v1/bulletins", params={"priority": "emergency"}, headers=login("duyet.eakao")).json()
    assert before["total"] == 1  # nothing issued by looking at the confirmation

    back = post_form(me, "/quan-tri/khan-cap", "/quan-tri/khan-cap", {**ALERT, "_step": "edit"})
    assert ALERT["body"] in back.text and "Xem lại trước khi phát" in back.text

    issued = post_form(me, "/quan-tri/khan-cap", "/quan-tri/khan-cap", {**ALERT, "_step": "issue"})
    shown = text_of(issued.text)
    assert "Đã phát tin khẩn cấp." in shown and "Đang phát hành" in shown and "Khẩn cấp" in shown
    citizen = browser().get("/xa/24169-002")  # a village of the ward gets it too
    assert "Tin khẩn cấp" in citizen.text and ALERT["title"] in citizen.text


def test_an_editor_is_refused_the_emergency_button(browser, client, login):
    me = browser("bientap.eakao")
    assert 'href="/quan-tri/khan-cap"' not in me.get("/quan-tri/").text
    page = me.get("/quan-tri/khan-cap")
    assert page.status_code == 403 and "Bạn cần vai trò “Người duyệt tin”" in text_of(page.text)
    forced = post_form(me, "/quan-tri/", "/quan-tri/khan-cap", {**ALERT, "_step": "issue"})
    assert forced.status_code == 403
    emergencies = client.get("/api/v1/bulletins", params={"priority": "emergency"}, headers=login("duyet.eakao"))
    assert emergencies.json()["total"] == 1


def test_an_approver_cannot_interrupt_another_commune(browser):
    me = browser("duyet.eakao")
    refused = post_form(
        me, "/quan-tri/khan-cap", "/quan-tri/khan-cap", {**ALERT, "targets": "24280", "_step": "review"}
    )
    assert refused.status_code == 403 and "Xã Cư M’gar" in text_of(refused.text)
    assert ALERT["body"] in refused.text  # the text stays in the form
