"""Bulletins over HTTP: drafting within one's area, approval by area, the audit trail, bad input."""

from datetime import timedelta

from hub.kit.time import utcnow
from tests.support.demo import PUBLISHED_PROVINCE, PUBLISHED_VILLAGE

PROBLEM = "application/problem+json"


def new_bulletin(**changes):
    body = {
        "title": "Thông báo họp dân Buôn Ea Kao",
        "body": "Mời đại diện các hộ gia đình dự họp lúc 19h00 thứ Sáu tại nhà văn hóa buôn.",
        "category": "local_affairs",
        "target_codes": ["24169"],
    }
    body.update(changes)
    return body


def test_commune_editor_drafts_and_commune_approver_approves_with_a_full_audit_trail(client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    created = client.post("/api/v1/bulletins", json=new_bulletin(), headers=editor)
    assert created.status_code == 201, created.text
    bulletin = created.json()
    assert bulletin["status"] == "draft" and bulletin["status_label"] == "Bản nháp"
    assert bulletin["creating_area"] == {"code": "24169", "name": "Phường Ea Kao"}
    bid = bulletin["id"]

    assert client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor).json()["status"] == "submitted"
    approved = client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "published"  # its window has begun, so it goes on air at once

    history = client.get(f"/api/v1/bulletins/{bid}/history", headers=editor).json()
    steps = [(e["action"], e["from_state"], e["to_state"], e["actor_name"], e["channel"]) for e in history["events"]]
    assert steps == [
        ("bulletin.create", None, "draft", "bientap.eakao", "api"),
        ("bulletin.submit", "draft", "submitted", "bientap.eakao", "api"),
        ("bulletin.approve", "submitted", "approved", "duyet.eakao", "api"),
        ("bulletin.publish", "approved", "published", "duyet.eakao", "api"),
    ]
    assert history["revisions"][0]["created_by"] == "bientap.eakao"
    assert history["revisions"][0]["approved_by"] == "duyet.eakao"


def test_editor_is_refused_for_another_commune_and_told_which(client, login):
    response = client.post(
        "/api/v1/bulletins", json=new_bulletin(target_codes=["24280"]), headers=login("bientap.eakao")
    )
    assert response.status_code == 403
    assert response.headers["content-type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["area_code"] == "24280"
    assert "Xã Cư M’gar" in problem["detail"] and "Phường Ea Kao" in problem["detail"]


def test_an_approver_of_another_commune_cannot_approve(client, login):
    editor = login("bientap.eakao")
    bid = client.post("/api/v1/bulletins", json=new_bulletin(), headers=editor).json()["id"]
    client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor)
    response = client.post(f"/api/v1/bulletins/{bid}/approve", headers=login("duyet.cumgar"))
    assert response.status_code == 403
    assert "Phường Ea Kao" in response.json()["detail"]
    # the province's approver covers every commune
    assert client.post(f"/api/v1/bulletins/{bid}/approve", headers=login("duyet.tinh")).status_code == 200


def test_a_commune_approver_cannot_approve_a_province_wide_bulletin(client, login):
    editor = login("bientap.tinh")
    bid = client.post("/api/v1/bulletins", json=new_bulletin(target_codes=["66"]), headers=editor).json()["id"]
    client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor)
    assert client.post(f"/api/v1/bulletins/{bid}/approve", headers=login("duyet.eakao")).status_code == 403


def test_impossible_transition_is_409_naming_the_current_state(client, login):
    editor = login("bientap.eakao")
    bid = client.post("/api/v1/bulletins", json=new_bulletin(), headers=editor).json()["id"]
    response = client.post(f"/api/v1/bulletins/{bid}/approve", headers=login("duyet.eakao"))
    assert response.status_code == 409
    assert response.json()["current_status"] == "draft"
    assert "Bản nháp" in response.json()["detail"]


def test_reject_requires_a_reason_and_the_editor_sees_it(client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    bid = client.post("/api/v1/bulletins", json=new_bulletin(), headers=editor).json()["id"]
    client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor)
    assert client.post(f"/api/v1/bulletins/{bid}/reject", json={"reason": ""}, headers=approver).status_code == 422
    rejected = client.post(f"/api/v1/bulletins/{bid}/reject", json={"reason": "Ghi rõ địa điểm họp"}, headers=approver)
    assert rejected.json()["status"] == "rejected"
    seen = client.get(f"/api/v1/bulletins/{bid}", headers=editor).json()
    assert seen["status_reason"] == "Ghi rõ địa điểm họp"


def test_editing_an_approved_bulletin_needs_approval_again_and_keeps_history(client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    bid = client.post("/api/v1/bulletins", json=new_bulletin(), headers=editor).json()["id"]
    client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor)
    client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver)
    edited = client.patch(f"/api/v1/bulletins/{bid}", json={"body": "Đổi giờ họp sang 19h30."}, headers=editor)
    assert edited.status_code == 200, edited.text
    assert edited.json()["status"] == "submitted" and edited.json()["revision"] == 2
    stale = client.post(f"/api/v1/bulletins/{bid}/approve", json={"expected_revision": 1}, headers=approver)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_revision"
    history = client.get(f"/api/v1/bulletins/{bid}/history", headers=editor).json()
    assert [r["number"] for r in history["revisions"]] == [1, 2]
    assert history["revisions"][0]["body"].startswith("Mời đại diện")
    assert history["revisions"][1]["body"] == "Đổi giờ họp sang 19h30."
    assert any(e["action"] == "bulletin.revise" and e["from_state"] == "published" for e in history["events"])


def test_unknown_area_code_is_422_naming_it(client, login):
    response = client.post(
        "/api/v1/bulletins", json=new_bulletin(target_codes=["99999"]), headers=login("bientap.tinh")
    )
    assert response.status_code == 422
    assert "99999" in response.json()["detail"]


def test_invalid_fields_get_a_vietnamese_explanation(client, login):
    response = client.post(
        "/api/v1/bulletins", json={"title": "Không có nội dung", "category": "khong-co"}, headers=login("bientap.eakao")
    )
    assert response.status_code == 422
    problem = response.json()
    assert "body" in problem["detail"] and "thiếu" in problem["detail"]
    assert {tuple(e["loc"]) for e in problem["errors"]} >= {("body", "body"), ("body", "category")}


def test_a_body_over_the_limit_is_413(client, login):
    huge = new_bulletin(body="x" * 2_000_000)
    response = client.post("/api/v1/bulletins", json=huge, headers=login("bientap.eakao"))
    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"]


def test_listing_filters_by_area_subtree_status_category_and_text_without_diacritics(client, login):
    viewer = login("xem.tinh")
    by_area = client.get("/api/v1/bulletins", params={"area": "24169"}, headers=viewer).json()
    assert by_area["total"] >= 4
    assert all(any(code.startswith("24169") for code in b["target_codes"]) for b in by_area["items"])
    village = client.get("/api/v1/bulletins", params={"area": "24169-001"}, headers=viewer).json()
    assert [b["title"] for b in village["items"]] == [PUBLISHED_VILLAGE]
    published = client.get("/api/v1/bulletins", params={"status": "published"}, headers=viewer).json()
    assert published["total"] == 3 and {b["status"] for b in published["items"]} == {"published"}
    text = client.get("/api/v1/bulletins", params={"q": "sot xuat huyet"}, headers=viewer).json()
    assert [b["title"] for b in text["items"]] == ["Phòng chống sốt xuất huyết trong mùa mưa"]
    both = client.get(
        "/api/v1/bulletins", params=[("category", "policy_law"), ("category", "society")], headers=viewer
    ).json()
    assert {b["category"] for b in both["items"]} == {"policy_law", "society"}
    page = client.get("/api/v1/bulletins", params={"limit": 2, "offset": 1}, headers=viewer).json()
    assert len(page["items"]) == 2 and page["total"] == 9


def test_officials_see_their_area_and_what_reached_it_but_not_other_communes_drafts(client, login):
    cumgar = client.get("/api/v1/bulletins", params={"limit": 200}, headers=login("bientap.cumgar")).json()
    titles = {b["title"] for b in cumgar["items"]}
    assert PUBLISHED_PROVINCE in titles  # province-wide, published
    assert "Vận động tham gia bảo hiểm y tế hộ gia đình" not in titles  # Ea Kao's draft
    eakao_draft = client.get("/api/v1/bulletins", params={"q": "bao hiem y te"}, headers=login("bientap.eakao")).json()
    bid = eakao_draft["items"][0]["id"]
    response = client.get(f"/api/v1/bulletins/{bid}", headers=login("bientap.cumgar"))
    assert response.status_code == 403 and "Phường Ea Kao" in response.json()["detail"]


def test_future_bulletin_waits_and_the_sweeper_publishes_and_expires_it(client, login, hub):
    from hub.bulletins import service

    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    start = (utcnow() + timedelta(hours=2)).isoformat()
    bid = client.post("/api/v1/bulletins", json=new_bulletin(valid_from=start), headers=editor).json()["id"]
    client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor)
    assert client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver).json()["status"] == "approved"
    with hub.database.uow() as uow:
        service.sweep(uow, utcnow() + timedelta(hours=3))
        uow.commit()
    assert client.get(f"/api/v1/bulletins/{bid}", headers=editor).json()["status"] == "published"


def test_emergency_in_one_step_for_approvers_only(client, login):
    alert = new_bulletin(title="Cảnh báo lũ quét", category="disaster_emergency", target_codes=["24169", "24280"])
    refused = client.post("/api/v1/bulletins/emergency", json=alert, headers=login("bientap.eakao"))
    assert refused.status_code == 403
    also_refused = client.post("/api/v1/bulletins/emergency", json=alert, headers=login("duyet.eakao"))
    assert also_refused.status_code == 403 and "Xã Cư M’gar" in also_refused.json()["detail"]
    issued = client.post("/api/v1/bulletins/emergency", json=alert, headers=login("duyet.tinh"))
    assert issued.status_code == 201, issued.text
    assert issued.json()["status"] == "published" and issued.json()["priority"] == "emergency"
    events = client.get(f"/api/v1/bulletins/{issued.json()['id']}/history", headers=login("duyet.tinh")).json()[
        "events"
    ]
    assert [e["to_state"] for e in events] == ["draft", "submitted", "approved", "published"]


def test_withdrawal_needs_an_approver_once_on_air_and_a_reason(client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    bid = client.post("/api/v1/bulletins", json=new_bulletin(), headers=editor).json()["id"]
    client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor)
    client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver)
    assert (
        client.post(f"/api/v1/bulletins/{bid}/withdraw", json={"reason": "Sai giờ"}, headers=editor).status_code == 403
    )
    done = client.post(f"/api/v1/bulletins/{bid}/withdraw", json={"reason": "Sai giờ"}, headers=approver)
    assert done.json()["status"] == "withdrawn"


def test_vocabulary_has_vietnamese_labels(client):
    vocabulary = client.get("/api/v1/vocabulary").json()
    assert vocabulary["priorities"] == {"normal": "Thông thường", "priority": "Ưu tiên", "emergency": "Khẩn cấp"}
    assert len(vocabulary["categories"]) == 9
