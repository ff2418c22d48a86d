"""Citizens' personal data: phone numbers masked unless the role may see them, nothing personal in
public views, an admin export of one citizen's data, and erasure after the retention period."""

import csv
import io
from datetime import timedelta

from sqlalchemy import update

from hub.contacts import service as contacts
from hub.contacts.tables import contact_table
from hub.feedback import privacy
from hub.feedback.config import feedback_config
from hub.feedback.intake.attachments import AttachmentStore
from hub.feedback.tables import case_table
from hub.kit.time import utcnow
from tests.support import images
from tests.support.feedback import drain, file_direct, file_web


def filed_with_phone(client):
    return file_web(
        client,
        "Nhà tôi ở số 12 hẻm 3, nước cống tràn vào nhà.",
        name="Lê Thị Hồng",
        phone="0905123456",
        consent="true",
    ).json()


def test_editors_and_viewers_see_the_phone_masked_and_leaders_see_it_whole(client, login):
    code = filed_with_phone(client)["code"]
    editor = client.get(f"/api/v1/feedback/{code}", headers=login("bientap.eakao")).json()["contact"]
    assert editor["name"] == "Lê Thị Hồng" and editor["phone"] == "0905***456" and editor["phone_masked"]
    viewer = client.get(f"/api/v1/feedback/{code}", headers=login("xem.tinh")).json()["contact"]
    assert viewer["phone"] == "0905***456"
    leader = client.get(f"/api/v1/feedback/{code}", headers=login("duyet.eakao")).json()["contact"]
    assert leader["phone"] == "0905123456" and not leader["phone_masked"]


def test_the_export_masks_phones_for_editors(client, login):
    code = filed_with_phone(client)["code"]
    for who, expected in (("bientap.eakao", "0905***456"), ("duyet.eakao", "0905123456")):
        response = client.get("/api/v1/feedback/export.csv", headers=login(who))
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
        [row] = [r for r in rows if r["Mã"] == code]
        assert row["Điện thoại"] == expected and row["Người phản ánh"] == "Lê Thị Hồng"


def test_without_consent_no_name_or_phone_is_kept(client, login):
    code = file_web(client, "Cống tràn.", name="Lê Thị Hồng", phone="0905123456").json()["code"]
    contact = client.get(f"/api/v1/feedback/{code}", headers=login("duyet.eakao")).json()["contact"]
    assert contact["name"] == "" and contact["phone"] is None and not contact["consent"]


def test_a_code_alone_shows_no_words_and_no_answer_of_the_citizen(client, login):
    filed = filed_with_phone(client)
    client.post(
        f"/api/v1/feedback/{filed['code']}/answer", json={"text": "Đã nạo vét cống."}, headers=login("bientap.eakao")
    )
    stranger = client.get(f"/api/v1/public/feedback/{filed['code']}").json()
    assert stranger["status_label"] == "Đã trả lời" and stranger["answer"] is None and not stranger["is_reporter"]
    assert "số 12" not in str(stranger) and "0905" not in str(stranger)
    assert all(e["note"] == "" for e in stranger["timeline"])
    [open311] = client.get(f"/open311/v2/requests/{filed['code']}.json").json()
    assert open311["description"] is None and open311["status_notes"] == "Đã trả lời"
    owner = client.get(f"/api/v1/public/feedback/{filed['code']}", params={"token": filed["token"]}).json()
    assert owner["answer"] == "Đã nạo vét cống." and owner["is_reporter"]
    wrong = client.get(f"/api/v1/public/feedback/{filed['code']}", params={"token": "x" * 16}).json()
    assert wrong["answer"] is None


def test_a_province_admin_exports_everything_about_one_citizen_by_phone(client, hub, login):
    file_direct(hub, "ivr", "0977000111", "Gọi điện phản ánh loa hỏng.")
    with hub.database.uow() as uow:
        zalo = contacts.identify(uow, "zalo", "zalo-777")
        contacts.record_consent(uow, zalo, True, name="Phạm Văn Lộc", phone="+84977000111")
        uow.commit()
    file_direct(hub, "zalo", "zalo-777", "Nhắn Zalo phản ánh đường hỏng.")
    admin = login("admin", "admin-password-1")
    export = client.get("/api/v1/privacy/export", params={"phone": "0977 000 111"}, headers=admin)
    assert export.status_code == 200, export.text
    body = export.json()
    assert {c["channel"] for c in body["contacts"]} == {"ivr", "zalo"}
    assert {c["text"] for c in body["cases"]} == {"Gọi điện phản ánh loa hỏng.", "Nhắn Zalo phản ánh đường hỏng."}
    assert (
        client.get("/api/v1/privacy/export", params={"phone": "0977000111"}, headers=login("duyet.tinh")).status_code
        == 403
    )
    audit = client.get("/api/v1/audit", params={"entity_type": "contact"}, headers=admin).json()
    assert audit[0]["action"] == "privacy.export" and "0977" not in str(audit)


def test_retention_erases_stale_citizens_but_not_those_with_open_cases(client, hub, login):
    old = utcnow() - timedelta(days=800)
    finished = filed_with_phone(client)
    editor = login("bientap.eakao")
    client.post(f"/api/v1/feedback/{finished['code']}/reject", json={"reason": "Trùng nội dung."}, headers=editor)
    drain(hub)
    waiting = file_direct(hub, "zalo", "zalo-still-waiting", "Chưa được trả lời.", now=old)
    with hub.database.engine.begin() as conn:  # every citizen was last heard from long ago
        conn.execute(update(contact_table).values(last_seen_at=old))
        conn.execute(update(case_table).where(case_table.c.closed_at.is_not(None)).values(closed_at=old))
    store = AttachmentStore.from_settings(hub.settings)
    with hub.database.uow() as uow:
        privacy.apply_retention(uow, feedback_config(hub), store)
        uow.commit()
    leader = login("duyet.eakao")
    gone = client.get(f"/api/v1/feedback/{finished['code']}", headers=leader).json()["contact"]
    assert gone["anonymised"] and gone["name"] == "" and gone["phone"] is None
    kept = client.get(f"/api/v1/feedback/{waiting}", headers=leader).json()["contact"]
    assert not kept["anonymised"]
    # the rejection message sent to the erased citizen keeps its delivery record, not its text
    [message] = client.get(f"/api/v1/feedback/{finished['code']}", headers=leader).json()["messages"]
    assert "Trùng nội dung" not in message["text"] and message["status"] == "kept"


def test_retention_erases_the_photos_of_finished_cases(client, hub, login):
    png = images.png()
    filed = client.post(
        "/api/v1/public/feedback",
        data={"text": "Ảnh xe đổ rác trộm, thấy rõ biển số.", "area_code": "24169"},
        files=[("photos", ("bien-so.png", png, "image/png"))],
    ).json()
    editor = login("bientap.eakao")
    [photo] = client.get(f"/api/v1/feedback/{filed['code']}", headers=editor).json()["attachments"]
    client.post(f"/api/v1/feedback/{filed['code']}/reject", json={"reason": "Đã xử lý trong vụ khác."}, headers=editor)
    old = utcnow() - timedelta(days=800)
    with hub.database.engine.begin() as conn:
        conn.execute(update(case_table).where(case_table.c.code == filed["code"]).values(closed_at=old))
    store = AttachmentStore.from_settings(hub.settings)
    [stored] = [p for p in store.root.rglob("*.png")]
    with hub.database.uow() as uow:
        privacy.apply_retention(uow, feedback_config(hub), store)
        uow.commit()
    assert not stored.exists()
    [gone] = client.get(f"/api/v1/feedback/{filed['code']}", headers=editor).json()["attachments"]
    assert gone["removed"] and gone["url"] is None
    assert client.get(photo["url"], headers=editor).status_code == 404
