"""CAP 1.2: an alert for two communes becomes an emergency on their loudspeakers, an Update and a
Cancel follow it; untrusted senders wait for approval; bad documents are refused whole; our own
emergencies are exported as valid CAP 1.2 at stable URLs."""

from datetime import datetime, timedelta

import pytest
from lxml import etree

from hub.kit.time import VN_TZ
from tests.support.cap import SENDER, alert, validate
from tests.support.device_api import add_device, bearer

CAP = {"Content-Type": "application/cap+xml"}


@pytest.fixture
def trusting(make_settings):
    return make_settings(cap_trusted_senders=f"{SENDER}, other@example.org")


@pytest.fixture
def cap_client(trusting):
    from fastapi.testclient import TestClient

    from hub.app import create_app
    from hub.bootstrap import build_hub

    built = build_hub(trusting)
    with TestClient(create_app(trusting, hub=built)) as test_client:
        yield test_client
    built.close()


def _login(client, username):
    answer = client.post("/api/v1/auth/token", data={"username": username, "password": "ttcs-demo-2026"})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def _items(client, token):
    return client.get("/api/v1/device/manifest", headers=bearer(token)).json()["items"]


def test_an_alert_for_two_communes_plays_at_once_then_is_updated_and_cancelled(cap_client):
    client = cap_client
    approver = _login(client, "duyet.tinh")
    admin = client.post("/api/v1/auth/token", data={"username": "admin", "password": "admin-password-1"}).json()
    admin = {"Authorization": f"Bearer {admin['access_token']}"}
    ea_kao, cu_mgar = add_device(client, admin, "CAP-EK-1", "24169"), add_device(client, admin, "CAP-CM-1", "24280")

    sent = datetime.now(VN_TZ).replace(microsecond=0) - timedelta(minutes=1)
    first = client.post("/api/v1/cap/alerts", content=alert("VN-LQ-001", sent=sent), headers={**CAP, **approver})
    assert first.status_code == 201, first.text
    assert first.json()["outcome"] == "created" and first.json()["status"] == "published"
    bid = first.json()["bulletin_id"]
    shown = client.get(f"/api/v1/bulletins/{bid}", headers=approver).json()
    assert shown["priority"] == "emergency" and shown["title"] == "Cảnh báo lũ quét, sạt lở đất"
    assert shown["target_codes"] == ["24169", "24280"]
    assert {v["lang"] for v in shown["variants"]} == {"ede", "en"}  # the other info blocks
    assert shown["valid_until"] is not None and shown["origin"] == f"cảnh báo CAP của {SENDER} (VN-LQ-001)"
    for token in (ea_kao, cu_mgar):  # both communes' loudspeakers get an interrupting item at once
        plays = [i["interrupt"] for i in _items(client, token) if i["bulletin_id"] == bid]
        # at once, interrupting; while live it also opens the windows within the manifest's horizon
        assert plays[0] is True and not any(plays[1:]), plays

    again = client.post("/api/v1/cap/alerts", content=alert("VN-LQ-001", sent=sent), headers={**CAP, **approver})
    assert again.json()["outcome"] == "duplicate" and again.json()["bulletin_id"] == bid

    update = alert("VN-LQ-002", msg_type="Update", sent=sent + timedelta(seconds=30),
                   references=[("VN-LQ-001", sent)], headline="Cảnh báo lũ quét: mực nước tiếp tục lên")  # fmt: skip
    answer = client.post("/api/v1/cap/alerts", content=update, headers={**CAP, **approver})
    assert answer.json()["outcome"] == "updated" and answer.json()["bulletin_id"] == bid, answer.text
    shown = client.get(f"/api/v1/bulletins/{bid}", headers=approver).json()
    assert shown["title"] == "Cảnh báo lũ quét: mực nước tiếp tục lên" and shown["status"] == "published"
    updated = [(i["revision"], i["interrupt"]) for i in _items(client, ea_kao) if i["bulletin_id"] == bid]
    assert updated[0] == (2, True) and all(revision == 2 for revision, _ in updated), updated  # the new text at once

    cancel = alert("VN-LQ-003", msg_type="Cancel", sent=sent + timedelta(seconds=50),
                   references=[("VN-LQ-001", sent), ("VN-LQ-002", sent + timedelta(seconds=30))])  # fmt: skip
    answer = client.post("/api/v1/cap/alerts", content=cancel, headers={**CAP, **approver})
    assert answer.json()["outcome"] == "cancelled" and answer.json()["status"] == "withdrawn"
    for token in (ea_kao, cu_mgar):
        assert not [i for i in _items(client, token) if i["bulletin_id"] == bid]

    # Our export tells the same story in CAP 1.2: Alert, Update, Cancel, each valid against the schema.
    feed = etree.fromstring(client.get("/cap/v1/alerts").content)
    links = [e.get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}link") if e.get("rel") == "alternate"]
    ours = [link.split("/cap/v1/alerts/")[1] for link in links if f"-{bid}-" in link]
    assert sorted(ours) == sorted([f"ttcs-66-{bid}-r1.xml", f"ttcs-66-{bid}-r2.xml", f"ttcs-66-{bid}-cancel.xml"])
    kinds = {}
    for name in ours:
        data = client.get(f"/cap/v1/alerts/{name}").content
        validate(data)
        root = etree.fromstring(data)
        ns = "{urn:oasis:names:tc:emergency:cap:1.2}"
        kinds[name] = root.findtext(f"{ns}msgType")
        geocodes = [v.text for v in root.iter(f"{ns}value")]
        assert "24169" in geocodes and "24280" in geocodes
        assert root.find(f"{ns}info/{ns}language").text == "vi-VN"
    assert kinds == {f"ttcs-66-{bid}-r1.xml": "Alert", f"ttcs-66-{bid}-r2.xml": "Update",
                     f"ttcs-66-{bid}-cancel.xml": "Cancel"}  # fmt: skip
    assert client.get("/cap/v1/alerts/ttcs-66-999999-r1.xml").status_code == 404


def test_an_alert_from_an_untrusted_sender_waits_for_an_approver(cap_client):
    approver = _login(cap_client, "duyet.eakao")
    data = alert("X-1", sender="someone@example.org", codes=["24169"])
    answer = cap_client.post("/api/v1/cap/alerts", content=data, headers={**CAP, **approver})
    assert answer.status_code == 201 and answer.json()["status"] == "submitted", answer.text
    bid = answer.json()["bulletin_id"]
    assert cap_client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver).json()["status"] == "published"


@pytest.mark.parametrize(
    ("data", "field", "named"),
    [
        (alert("B-1", codes=["24169", "99999"]), "geocode", "99999"),
        (alert("B-2", status="Exercise"), "status", "Exercise"),
        (b"<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'><identifier>x</identifier></alert>", "sender", ""),
        (b"<not-cap/>", "alert", ""),
        (b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>", "alert", ""),
        (alert("B-3", msg_type="Update", references=[("NEVER-SENT", datetime.now(VN_TZ))]), None, "NEVER-SENT"),
    ],
    ids=["unknown-geocode", "exercise", "missing-sender", "not-cap", "entity", "unknown-reference"],
)
def test_a_bad_alert_is_refused_whole(cap_client, data, field, named):
    approver = _login(cap_client, "duyet.tinh")
    before = cap_client.get("/api/v1/bulletins?limit=1", headers=approver).json()["total"]
    answer = cap_client.post("/api/v1/cap/alerts", content=data, headers={**CAP, **approver})
    assert answer.status_code in (404, 422), answer.text
    problem = answer.json()
    if field:
        assert problem.get("field") == field
    assert named in problem["detail"]
    assert cap_client.get("/api/v1/bulletins?limit=1", headers=approver).json()["total"] == before


def test_only_approvers_may_post_an_alert(cap_client):
    answer = cap_client.post(
        "/api/v1/cap/alerts", content=alert("E-1"), headers={**CAP, **_login(cap_client, "bientap.eakao")}
    )
    assert answer.status_code == 403
    assert cap_client.post("/api/v1/cap/alerts", content=alert("E-2"), headers=CAP).status_code == 401


def test_a_trusted_alert_posted_by_an_approver_reaches_only_their_area(cap_client):
    """The sender is written in the document: the official who posts it is still bound to their area."""
    approver = _login(cap_client, "duyet.eakao")
    reader = _login(cap_client, "duyet.tinh")
    before = cap_client.get("/api/v1/bulletins?limit=1", headers=reader).json()["total"]
    answer = cap_client.post("/api/v1/cap/alerts", content=alert("A-1"), headers={**CAP, **approver})
    assert answer.status_code == 403 and "24280" in answer.json()["detail"]
    assert cap_client.get("/api/v1/bulletins?limit=1", headers=reader).json()["total"] == before
    mine = cap_client.post("/api/v1/cap/alerts", content=alert("A-2", codes=["24169"]), headers={**CAP, **approver})
    assert mine.status_code == 201 and mine.json()["status"] == "published"
