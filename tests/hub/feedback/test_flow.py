"""The closed loop of citizen feedback: filed on the web or through Open311, routed to the right
commune's officials, answered, and the answer waiting on the citizen's own channel; late cases
flagged and escalated; forwarded cases told; duplicates suggested and merged."""

from datetime import timedelta

from hub.kit.time import utcnow
from tests.support.clock import case_prefix
from tests.support.feedback import CU_MGAR, EA_KAO, HOA_PHU, drain, file_direct, file_web, web_mailbox


def notices(client, headers):
    return [n["text"] for n in client.get("/api/v1/notifications", headers=headers).json()]


def test_a_new_web_user_files_the_commune_official_answers_and_the_answer_reaches_the_web_page(client, hub, login):
    filed = file_web(client, "Cống trước chợ Ea Kao bị tắc, nước thải tràn ra đường.", category="environment")
    assert filed.status_code == 201, filed.text
    body = filed.json()
    code, token, sender = body["code"], body["token"], body["sender"]
    assert code.startswith(case_prefix())
    assert body["unit_name"] == "UBND Phường Ea Kao"
    assert code in body["message"] and "Hạn trả lời" in body["message"]

    drain(hub)  # the ward's officials are told
    editor = login("bientap.eakao")
    assert any(code in text and "Phản ánh mới" in text for text in notices(client, editor))
    listed = client.get("/api/v1/feedback", params={"status": "received"}, headers=editor).json()
    assert code in [c["code"] for c in listed["items"]]
    # … and nobody in another commune sees it
    other = client.get("/api/v1/feedback", headers=login("bientap.cumgar")).json()
    assert code not in [c["code"] for c in other["items"]]
    assert client.get(f"/api/v1/feedback/{code}", headers=login("bientap.cumgar")).status_code == 403

    assert client.post(f"/api/v1/feedback/{code}/assign", headers=editor).json()["status"] == "assigned"
    assert client.post(f"/api/v1/feedback/{code}/start", headers=editor).json()["status"] == "in_progress"
    answer = "Tổ vệ sinh đã nạo vét cống trước chợ sáng nay."
    answered = client.post(f"/api/v1/feedback/{code}/answer", json={"text": answer}, headers=editor)
    assert answered.status_code == 200, answered.text
    assert answered.json()["status_label"] == "Đã trả lời"

    drain(hub)
    mailbox = web_mailbox(client, sender)
    assert [m["kind"] for m in mailbox] == ["answer"]
    assert answer in mailbox[0]["text"] and code in mailbox[0]["text"]
    assert mailbox[0]["status"] == "kept"  # the web page picks it up; nothing is pushed

    mine = client.get(f"/api/v1/public/feedback/{code}", params={"token": token}).json()
    assert mine["answer"] == answer and mine["status_label"] == "Đã trả lời"
    assert [e["label"] for e in mine["timeline"]] == ["Tiếp nhận phản ánh", "Bắt đầu xử lý", "Trả lời"]
    steps = [
        (e["actor"], e["action"]) for e in client.get(f"/api/v1/feedback/{code}", headers=editor).json()["timeline"]
    ]
    assert steps[0] == ("citizen", "receive")
    assert ("bientap.eakao", "answer") in steps
    audit = client.get(
        "/api/v1/audit", params={"entity_type": "feedback_case"}, headers=login("admin", "admin-password-1")
    )
    actions = [(e["action"], e["entity_id"]) for e in audit.json()]
    assert ("feedback.answer", code) in actions and ("feedback.assign", code) in actions


def test_open311_filing_reaches_the_commune_and_the_answer_comes_back_through_open311(client, hub, login):
    posted = client.post(
        "/open311/v2/requests.json",
        data={
            "service_code": "infrastructure",
            "description": "Ổ gà lớn trên đường liên xã đoạn qua Buôn Ea Pốk, xe máy dễ ngã.",
            "address_id": CU_MGAR,
            "first_name": "Văn",
            "last_name": "Tùng",
            "phone": "0905111222",
        },
    )
    assert posted.status_code == 200, posted.text
    [created] = posted.json()
    code, token = created["service_request_id"], created["token"]
    assert "UBND Xã Cư M’gar" in created["service_notice"]

    drain(hub)
    official = login("bientap.cumgar")
    assert any(code in text for text in notices(client, official))
    case = client.get(f"/api/v1/feedback/{code}", headers=official).json()
    assert case["channel"] == "open311" and case["unit"]["code"] == CU_MGAR
    assert case["contact"]["name"] == "Văn Tùng"

    answer = "Xã đã báo đơn vị quản lý đường vá ổ gà trong tuần này."
    assert client.post(f"/api/v1/feedback/{code}/answer", json={"text": answer}, headers=official).status_code == 200
    drain(hub)
    [seen] = client.get(f"/open311/v2/requests/{code}.json", params={"token": token}).json()
    assert seen["status"] == "closed" and seen["status_notes"] == answer
    [resolved] = client.get(f"/open311/v2/tokens/{token}.json").json()
    assert resolved["service_request_id"] == code


def test_an_overdue_case_is_flagged_and_escalated_to_the_leaders_above(client, hub, login):
    code = file_direct(
        hub, "zalo", "zalo-user-overdue", "Rác không được thu gom ở tổ dân phố 3.", now=utcnow() - timedelta(days=25)
    )
    recent = file_direct(hub, "zalo", "zalo-user-recent", "Đèn đường tổ dân phố 4 không sáng.")
    drain(hub)
    editor = login("bientap.eakao")
    overdue = client.get("/api/v1/feedback", params={"overdue": "true"}, headers=editor).json()
    codes = [c["code"] for c in overdue["items"]]
    assert code in codes and recent not in codes
    assert all(c["overdue"] for c in overdue["items"])

    from hub.feedback import notify
    from hub.feedback.config import feedback_config

    with hub.database.uow() as uow:
        notify.sweep(uow, feedback_config(hub))
        uow.commit()
    drain(hub)
    province_leader = login("duyet.tinh")  # Ea Kao's parent area is the province
    assert any(code in text and "quá hạn" in text for text in notices(client, province_leader))
    case = client.get(f"/api/v1/feedback/{code}", headers=editor).json()
    assert case["escalated_at"] is not None
    assert any(e["action"] == "overdue" for e in case["timeline"])
    # the leader above may act on it
    assert (
        client.post(
            f"/api/v1/feedback/{code}/assign", json={"username": "bientap.eakao"}, headers=province_leader
        ).status_code
        == 200
    )


def test_a_reminder_comes_before_the_deadline_once(client, hub, login):
    from datetime import datetime

    from hub.feedback import notify
    from hub.feedback.config import feedback_config

    code = file_direct(hub, "web", "web-user-reminder-000001", "Cây đổ chắn lối vào trường.", category="security_order")
    editor = login("bientap.eakao")
    due = datetime.fromisoformat(client.get(f"/api/v1/feedback/{code}", headers=editor).json()["due_at"])
    for hours_before in (12, 6):  # two sweeps inside the reminder window: one reminder
        with hub.database.uow() as uow:
            notify.sweep(uow, feedback_config(hub), now=due - timedelta(hours=hours_before))
            uow.commit()
    drain(hub)
    reminders = [t for t in notices(client, editor) if code in t and "Sắp đến hạn" in t]
    assert len(reminders) == 1


def test_forwarding_to_another_commune_tells_the_citizen_and_the_new_unit(client, hub, login):
    filed = file_web(client, "Cầu tràn ở xã bên cạnh bị sạt lở hai bên mố cầu.", area_code=EA_KAO).json()
    forwarded = client.post(
        f"/api/v1/feedback/{filed['code']}/forward",
        json={"area_code": HOA_PHU, "reason": "Cầu tràn thuộc địa bàn xã Hòa Phú."},
        headers=login("duyet.eakao"),
    )
    assert forwarded.status_code == 200, forwarded.text
    assert forwarded.json()["unit_name"] == "UBND Xã Hòa Phú" and forwarded.json()["status"] == "forwarded"
    drain(hub)
    [told] = web_mailbox(client, filed["sender"])
    assert "UBND Xã Hòa Phú" in told["text"] and "Cầu tràn thuộc địa bàn xã Hòa Phú" in told["text"]
    assert told["kind"] == "status"
    status = client.get(f"/api/v1/public/feedback/{filed['code']}").json()
    assert status["unit_name"] == "UBND Xã Hòa Phú" and status["status"] == "forwarded"
    # the Ea Kao editor no longer handles it
    assert client.post(f"/api/v1/feedback/{filed['code']}/start", headers=login("bientap.eakao")).status_code == 403


def test_forwarding_outside_the_hub_tells_the_citizen_where(client, hub, login):
    filed = file_web(client, "Trạm biến áp kêu to và có mùi khét vào ban đêm.").json()
    response = client.post(
        f"/api/v1/feedback/{filed['code']}/forward",
        json={"unit": "Công ty Điện lực Đắk Lắk", "reason": "Thiết bị của ngành điện."},
        headers=login("bientap.eakao"),
    )
    assert response.json()["status"] == "forwarded_out"
    drain(hub)
    [told] = web_mailbox(client, filed["sender"])
    assert "Công ty Điện lực Đắk Lắk" in told["text"]


def test_a_duplicate_is_suggested_merged_counted_and_both_citizens_get_the_answer(client, hub, login):
    first = file_web(client, "Đường ở Thôn 2 ngập nước sau cơn mưa, xe máy không đi được.").json()
    second = file_web(client, "nuoc ngap duong thon 2 ko di dc may hom nay").json()
    unrelated = file_web(client, "Nhà văn hóa Thôn 1 bị dột mái.").json()
    editor = login("bientap.eakao")
    suggested = client.get(f"/api/v1/feedback/{second['code']}/similar", headers=editor).json()
    assert [s["code"] for s in suggested][:1] == [first["code"]]
    assert unrelated["code"] not in [s["code"] for s in suggested]

    merged = client.post(f"/api/v1/feedback/{second['code']}/merge", json={"into": first["code"]}, headers=editor)
    assert merged.status_code == 200, merged.text
    assert merged.json()["code"] == first["code"] and merged.json()["reporters"] == 2
    assert second["code"] in merged.json()["merged"]
    drain(hub)
    [told] = web_mailbox(client, second["sender"])
    assert first["code"] in told["text"] and "2 người" in told["text"]

    answer = "Xã đã khơi thông rãnh thoát nước Thôn 2."
    client.post(f"/api/v1/feedback/{first['code']}/answer", json={"text": answer}, headers=editor)
    drain(hub)
    assert answer in web_mailbox(client, first["sender"])[-1]["text"]
    assert answer in web_mailbox(client, second["sender"])[-1]["text"]
    status = client.get(f"/api/v1/public/feedback/{second['code']}", params={"token": second["token"]}).json()
    assert status["merged_into"] == first["code"] and status["answer"] == answer and status["reporters"] == 2


def test_merging_into_an_answered_case_gives_the_newcomer_the_answer_at_once(client, hub, login):
    first = file_web(client, "Loa phường phát quá to lúc sáng sớm ở Buôn Ea Kao.").json()
    editor = login("bientap.eakao")
    client.post(f"/api/v1/feedback/{first['code']}/answer", json={"text": "Đã giảm âm lượng."}, headers=editor)
    later = file_web(client, "loa phuong phat qua to luc sang som o buon ea kao").json()
    client.post(f"/api/v1/feedback/{later['code']}/merge", json={"into": first["code"]}, headers=editor)
    drain(hub)
    [told] = web_mailbox(client, later["sender"])
    assert told["kind"] == "answer" and "Đã giảm âm lượng." in told["text"]


def test_an_answer_published_as_a_bulletin_follows_the_approval_workflow(client, hub, login):
    filed = file_web(client, "Đề nghị phường thông báo lịch cắt điện tuần tới cho bà con.").json()
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    answered = client.post(
        f"/api/v1/feedback/{filed['code']}/answer",
        json={"text": "Lịch cắt điện tuần tới: sáng thứ Ba, từ 7h đến 11h.", "publish": True},
        headers=editor,
    ).json()
    bid = answered["answer_bulletin_id"]
    bulletin = client.get(f"/api/v1/bulletins/{bid}", headers=editor).json()
    assert bulletin["status"] == "submitted"
    assert "Lịch cắt điện tuần tới" in bulletin["body"] and "thông báo lịch cắt điện" not in bulletin["body"]
    assert client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver).json()["status"] == "published"


def test_a_rejection_needs_a_reason_and_the_citizen_is_told_it(client, hub, login):
    filed = file_web(client, "Xin hỏi giá vàng hôm nay bao nhiêu?").json()
    editor = login("bientap.eakao")
    missing = client.post(f"/api/v1/feedback/{filed['code']}/reject", json={"reason": "  "}, headers=editor)
    assert missing.status_code == 422 and "lý do" in missing.json()["detail"]
    client.post(
        f"/api/v1/feedback/{filed['code']}/reject", json={"reason": "Không thuộc phạm vi phản ánh."}, headers=editor
    )
    drain(hub)
    [told] = web_mailbox(client, filed["sender"])
    assert "Không thuộc phạm vi phản ánh." in told["text"]
    again = client.post(f"/api/v1/feedback/{filed['code']}/answer", json={"text": "x"}, headers=editor)
    assert again.status_code == 409 and "Không tiếp nhận xử lý" in again.json()["detail"]


def test_a_denunciation_is_suggested_confirmed_given_its_deadline_and_never_published(client, hub, login):
    filed = file_web(client, "Tôi tố cáo cán bộ địa chính phường nhận hối lộ khi làm sổ đỏ.").json()
    editor = login("bientap.eakao")
    case = client.get(f"/api/v1/feedback/{filed['code']}", headers=editor).json()
    assert case["suggested_classification"] == "complaint" and not case["classification_confirmed"]
    confirmed = client.post(
        f"/api/v1/feedback/{filed['code']}/classification", json={"classification": "complaint"}, headers=editor
    ).json()
    assert confirmed["classification_confirmed"] and confirmed["due_at"] > case["due_at"]
    client.post(
        f"/api/v1/feedback/{filed['code']}/answer", json={"text": "Đã chuyển thanh tra xác minh."}, headers=editor
    )
    refused = client.post(f"/api/v1/feedback/{filed['code']}/publish", headers=editor)
    assert refused.status_code == 409 and "khiếu nại, tố cáo" in refused.json()["detail"]
    public = client.get(f"/api/v1/public/feedback/{filed['code']}").json()
    assert public["category_label"] == ""


def test_a_routing_rule_sends_a_category_to_another_unit(client, hub, login):
    admin = login("admin", "admin-password-1")
    rule = client.post(
        "/api/v1/feedback/routes",
        json={"area_code": "66", "category": "security_order", "unit_area_code": "66", "unit_name": "Công an tỉnh"},
        headers=admin,
    )
    assert rule.status_code == 201, rule.text
    assert (
        client.post(
            "/api/v1/feedback/routes", json={"area_code": "66", "unit_area_code": "66"}, headers=login("duyet.tinh")
        ).status_code
        == 403
    )
    filed = file_web(client, "Nhóm thanh niên tụ tập đua xe mỗi tối.", category="security_order").json()
    assert filed["unit_name"] == "Công an tỉnh"
    other = file_web(client, "Rác thải đổ trộm ven đường.", category="environment").json()
    assert other["unit_name"] == "UBND Phường Ea Kao"


def test_officials_filter_by_area_subtree_category_and_words_without_diacritics(client, login):
    village = file_web(
        client, "Nước ngập đường vào Buôn Ea Pốk.", area_code=f"{CU_MGAR}-001", category="infrastructure"
    )
    commune = file_web(client, "Rác thải đổ trộm cạnh chợ xã.", area_code=CU_MGAR, category="environment")
    official = login("bientap.cumgar")

    def codes(**params):
        return [c["code"] for c in client.get("/api/v1/feedback", params=params, headers=official).json()["items"]]

    assert {village.json()["code"], commune.json()["code"]} <= set(codes(area=CU_MGAR))
    assert commune.json()["code"] not in codes(area=f"{CU_MGAR}-001")
    assert village.json()["code"] in codes(category="infrastructure", q="ngap nuoc")
    assert commune.json()["code"] not in codes(q="ngap nuoc")
    listed = client.get("/api/v1/feedback", params={"area": f"{CU_MGAR}-001"}, headers=official).json()["items"]
    assert listed[0]["area"]["name"] == "Buôn Ea Pốk" and listed[0]["unit_name"] == "UBND Xã Cư M’gar"
    assert "contact" not in listed[0]  # lists carry no personal data
