"""Emergency authority through every channel (issue 14, items 1–4): a CAP Update or Cancel, a CAP
Alert and a named issuing unit reach no further than the official who sends them, and each change is
audited under whoever caused it (the official, the source partner, the CAP sender), never "system"."""

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hub.app import create_app
from hub.bootstrap import build_hub
from hub.exchange import alerts
from hub.kit.time import VN_TZ
from tests.support.cap import SENDER, alert
from tests.support.device_api import add_device, bearer
from tests.support.settings import DEMO_PASSWORD
from tests.support.web import sign_in, text_of

CAP = {"Content-Type": "application/cap+xml"}
ROOT = Path(__file__).resolve().parents[3]
TTCS = str(Path(sys.executable).parent / "ttcs")
HEADLINE = "Cảnh báo lũ quét, sạt lở đất"


@pytest.fixture
def trusting(make_settings):
    return make_settings(cap_trusted_senders=SENDER)


@pytest.fixture
def cap_hub(trusting):
    built = build_hub(trusting)
    yield built
    built.close()


@pytest.fixture
def cap_client(trusting, cap_hub):
    with TestClient(create_app(trusting, hub=cap_hub)) as test_client:
        yield test_client


def _login(client, username, password=DEMO_PASSWORD):
    answer = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _on_air(client, token, bid):
    items = client.get("/api/v1/device/manifest", headers=bearer(token)).json()["items"]
    return [i for i in items if i["bulletin_id"] == bid]


def _audit(client, admin, bid):
    rows = client.get("/api/v1/audit?entity_type=bulletin&limit=200", headers=admin).json()
    return [(r["action"], r["actor_name"], r["channel"]) for r in reversed(rows) if r["entity_id"] == str(bid)]


@pytest.fixture
def province_emergency(cap_client):
    """The province's approver posts a trusted alert for Ea Kao and Cư M'gar; a loudspeaker in each."""
    admin = _login(cap_client, "admin", "admin-password-1")
    speakers = [
        add_device(cap_client, admin, "AUTH-EK-1", "24169"),
        add_device(cap_client, admin, "AUTH-CM-1", "24280"),
    ]
    sent = datetime.now(VN_TZ).replace(microsecond=0) - timedelta(minutes=2)
    first = cap_client.post(
        "/api/v1/cap/alerts", content=alert("P-1", sent=sent), headers={**CAP, **_login(cap_client, "duyet.tinh")}
    )
    assert first.status_code == 201 and first.json()["status"] == "published", first.text
    bid = first.json()["bulletin_id"]
    assert all(_on_air(cap_client, token, bid) for token in speakers)
    return {"bid": bid, "sent": sent, "speakers": speakers, "admin": admin}


def _unchanged(client, emergency):
    bid = emergency["bid"]
    shown = client.get(f"/api/v1/bulletins/{bid}", headers=_login(client, "duyet.tinh")).json()
    assert (shown["title"], shown["status"], shown["revision"]) == (HEADLINE, "published", 1), shown
    assert shown["target_codes"] == ["24169", "24280"]
    for token in emergency["speakers"]:  # still on both communes' loudspeakers
        assert _on_air(client, token, bid)


def test_a_commune_approvers_cap_update_of_the_provinces_emergency_is_refused(cap_client, province_emergency):
    sent = province_emergency["sent"]
    update = alert("P-2", msg_type="Update", sent=sent + timedelta(seconds=30), references=[("P-1", sent)],
                   codes=["24280"], headline="Đã hết nguy cơ, bà con trở về nhà")  # fmt: skip
    answer = cap_client.post(
        "/api/v1/cap/alerts", content=update, headers={**CAP, **_login(cap_client, "duyet.cumgar")}
    )
    assert answer.status_code == 403, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "66" in answer.json()["detail"] and "Người duyệt tin" in answer.json()["detail"]
    _unchanged(cap_client, province_emergency)
    # nothing was recorded for the refused update: the same document may be sent by someone entitled
    done = cap_client.post("/api/v1/cap/alerts", content=update, headers={**CAP, **_login(cap_client, "duyet.tinh")})
    assert done.json()["outcome"] == "updated", done.text


def test_a_commune_approvers_cap_cancel_of_the_provinces_emergency_is_refused(cap_client, province_emergency):
    sent = province_emergency["sent"]
    cancel = alert("P-3", msg_type="Cancel", sent=sent + timedelta(seconds=40), references=[("P-1", sent)])
    answer = cap_client.post(
        "/api/v1/cap/alerts", content=cancel, headers={**CAP, **_login(cap_client, "duyet.cumgar")}
    )
    assert answer.status_code == 403, answer.text
    _unchanged(cap_client, province_emergency)


def test_a_cap_import_as_a_commune_approver_cannot_touch_the_provinces_emergency(
    cap_client, province_emergency, database_url, tmp_path
):
    sent = province_emergency["sent"]
    path = tmp_path / "cap-update.xml"
    path.write_bytes(alert("P-4", msg_type="Update", sent=sent + timedelta(seconds=50), references=[("P-1", sent)],
                           codes=["24280"], headline="Tin giả mạo"))  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TTCS_DATABASE_URL": database_url, "TTCS_VAR_DIR": str(tmp_path),
           "TTCS_SECRET_KEY": "k" * 40, "TTCS_CAP_TRUSTED_SENDERS": SENDER}  # fmt: skip
    done = subprocess.run(
        [TTCS, "cap", "import", str(path), "--as", "duyet.cumgar"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 1 and "66" in done.stderr, done.stdout + done.stderr
    _unchanged(cap_client, province_emergency)


def test_a_commune_approvers_province_wide_cap_alert_is_refused(cap_client):
    reader = _login(cap_client, "duyet.tinh")
    before = cap_client.get("/api/v1/bulletins?limit=1", headers=reader).json()["total"]
    approver = _login(cap_client, "duyet.cumgar")
    for sender in ("someone@example.org", SENDER):  # waiting for approval, or trusted to go on air at once
        data = alert(f"W-{sender}", sender=sender, codes=["66"])
        answer = cap_client.post("/api/v1/cap/alerts", content=data, headers={**CAP, **approver})
        assert answer.status_code == 403, answer.text
        assert "Tỉnh" in answer.json()["detail"] and "66" in answer.json()["detail"]
    assert cap_client.get("/api/v1/bulletins?limit=1", headers=reader).json()["total"] == before
    # their own commune is theirs to warn
    mine = cap_client.post("/api/v1/cap/alerts", content=alert("W-3", sender="someone@example.org", codes=["24280"]),
                           headers={**CAP, **approver})  # fmt: skip
    assert mine.status_code == 201 and mine.json()["status"] == "submitted", mine.text


def test_a_ward_approver_cannot_issue_an_emergency_in_the_name_of_the_province(cap_client):
    ward = _login(cap_client, "duyet.eakao")
    body = {"title": "Sơ tán khẩn cấp", "body": "Di chuyển ngay lên vùng cao.", "category": "disaster_emergency",
            "priority": "emergency", "target_codes": ["24169"], "creating_area_code": "66"}  # fmt: skip
    answer = cap_client.post("/api/v1/bulletins/emergency", json=body, headers=ward)
    assert answer.status_code == 403, answer.text
    assert answer.json()["code"] == "outside_area" and answer.json()["area_code"] == "66"
    assert "Phường Ea Kao" in answer.json()["detail"]
    drafted = cap_client.post("/api/v1/bulletins", json=body, headers=_login(cap_client, "bientap.eakao"))
    assert drafted.status_code == 403, drafted.text
    # in the name of their own ward it goes on air, and the CAP export names the ward as issuer
    issued = cap_client.post("/api/v1/bulletins/emergency", json={**body, "creating_area_code": "24169"}, headers=ward)
    assert issued.status_code == 201, issued.text
    assert issued.json()["creating_area"]["code"] == "24169"


def test_cap_changes_are_audited_under_the_official_and_feeds_under_their_sender(
    cap_client, cap_hub, trusting, province_emergency
):
    bid, sent, admin = province_emergency["bid"], province_emergency["sent"], province_emergency["admin"]
    update = alert("P-5", msg_type="Update", sent=sent + timedelta(seconds=30), references=[("P-1", sent)],
                   headline="Cảnh báo lũ quét: mực nước tiếp tục lên")  # fmt: skip
    answer = cap_client.post("/api/v1/cap/alerts", content=update, headers={**CAP, **_login(cap_client, "duyet.tinh")})
    assert answer.json()["outcome"] == "updated" and answer.json()["status"] == "published", answer.text
    trail = _audit(cap_client, admin, bid)
    assert [a for a, _, _ in trail] == ["bulletin.create", "bulletin.submit", "bulletin.approve", "bulletin.publish",
                                        "bulletin.revise", "bulletin.approve", "bulletin.publish"]  # fmt: skip
    assert {(actor, channel) for _, actor, channel in trail} == {("duyet.tinh", "cap")}

    # A polled feed (or a file at the console) has no official behind it: its sender is the actor.
    with cap_hub.database.uow() as uow:
        done = alerts.import_alert(uow, trusting, alert("FEED-1", codes=["24169"]), "feed")
        uow.commit()
    fed = _audit(cap_client, admin, done.bulletin.id)
    assert fed and {(actor, channel) for _, actor, channel in fed} == {(f"cap:{SENDER}", "cap")}
    with TestClient(cap_client.app) as browser:  # the audit page of the officials' web app shows the same
        assert sign_in(browser, "admin", "admin-password-1").status_code == 200
        page = text_of(browser.get("/quan-tri/nhat-ky", params={"actor": f"cap:{SENDER}"}).text)
    assert f"cap:{SENDER} qua Cảnh báo CAP" in page
