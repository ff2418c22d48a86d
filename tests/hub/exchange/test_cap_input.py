"""What a CAP sender cannot slip in: a DOCTYPE with entities (XXE), an alert the OASIS schema
refuses, a body past the documented 2 MB, a body that is not XML by its content type — over HTTP,
in a polled feed and from a file, all through the one safe parser."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace

import pytest

from hub.jobs.worker import Worker
from hub.kit.time import utcnow
from tests.hub.exchange.test_cap_sources import Feed
from tests.support.cap import SENDER, alert
from tests.support.server import ROOT, TTCS

CAP = {"Content-Type": "application/cap+xml"}
PROBLEM = "application/problem+json"


def with_doctype(data: bytes, subset: str) -> bytes:
    """`data` with a DOCTYPE before its root, the description replaced by the entity `&e;`."""
    head, _, rest = data.partition(b"<alert ")
    body = head + f"<!DOCTYPE alert [{subset}]>".encode() + b"<alert " + rest
    return body.replace("Mưa lớn gây nguy cơ lũ quét tại các xã ven suối.".encode(), b"&e;", 1)


XXE = [
    ('<!ENTITY e SYSTEM "file:///etc/passwd">', "external-file"),
    ('<!ENTITY e SYSTEM "http://127.0.0.1:9/x">', "external-url"),
    ('<!ENTITY e "Lũ">', "internal-entity"),
    ('<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p; <!ENTITY e "x">', "parameter-entity"),
]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    return response.json()


@pytest.mark.parametrize("subset", [s for s, _ in XXE], ids=[i for _, i in XXE])
def test_an_alert_with_a_doctype_or_entities_is_refused_and_nothing_is_published(client, login, subset):
    approver = login("duyet.tinh")
    before = client.get("/api/v1/bulletins?limit=1", headers=approver).json()["total"]
    data = with_doctype(alert("XXE-1", codes=["24169"]), subset)
    answer = problem(client.post("/api/v1/cap/alerts", content=data, headers={**CAP, **approver}), 422)
    assert answer["code"] == "xml_doctype" and "DOCTYPE" in answer["detail"]
    assert client.get("/api/v1/bulletins?limit=1", headers=approver).json()["total"] == before


def test_an_alert_the_oasis_schema_refuses_is_422_with_the_schema_complaint(client, login):
    approver = login("duyet.tinh")
    data = alert("S-1", codes=["24169"]).replace(b"<urgency>Immediate</urgency>", b"<urgency>Soon</urgency>")
    answer = problem(client.post("/api/v1/cap/alerts", content=data, headers={**CAP, **approver}), 422)
    assert answer["code"] == "cap_schema" and "urgency" in answer["detail"]
    unknown = alert("S-2", codes=["24169"]).replace(b"<scope>Public</scope>", b"<scope>Public</scope><x>1</x>")
    assert problem(client.post("/api/v1/cap/alerts", content=unknown, headers={**CAP, **approver}), 422)["code"] == (
        "cap_schema"
    )


def padded(size: int) -> bytes:
    data = alert("BIG-1", codes=["24169"])
    return data.replace(b"<scope>", b"<!--" + b"x" * (size - len(data) - 7) + b"--><scope>", 1)


def test_the_body_limit_is_the_documented_two_megabytes(client, login):
    approver = login("duyet.tinh")
    accepted = client.post("/api/v1/cap/alerts", content=padded(1_500_000), headers={**CAP, **approver})
    assert accepted.status_code == 201, accepted.text[:300]
    too_big = problem(
        client.post("/api/v1/cap/alerts", content=padded(2 * 1024 * 1024 + 10), headers={**CAP, **approver}), 413
    )
    assert "2 MB" in too_big["detail"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "application/x-www-form-urlencoded", ""])
def test_a_body_not_declared_as_xml_is_415(client, login, content_type):
    approver = login("duyet.tinh")
    answer = client.post(
        "/api/v1/cap/alerts", content=alert("CT-1", codes=["24169"]), headers={"Content-Type": content_type, **approver}
    )
    assert "không được hỗ trợ" in problem(answer, 415)["title"]
    for fine in ("application/xml", "application/cap+xml; charset=utf-8"):
        ok = client.post(
            "/api/v1/cap/alerts",
            content=alert(f"CT-{fine}", codes=["24169"]),
            headers={"Content-Type": fine, **approver},
        )
        assert ok.status_code == 201, ok.text


def test_a_polled_feed_with_a_doctype_brings_nothing(make_settings, login, client, hub):
    with Feed() as feed:
        feed.alerts["D-1"] = with_doctype(alert("D-1", codes=["24280"]), '<!ENTITY e "Lũ">')
        settings = make_settings(cap_feed_urls=f"{feed.base}/alerts/D-1.xml", cap_trusted_senders=SENDER)
        worker = Worker(replace(hub, settings=settings))  # the same database, polling these feeds
        approver = login("duyet.cumgar")
        before = client.get("/api/v1/bulletins?priority=emergency&limit=1", headers=approver).json()["total"]
        with hub.database.uow() as uow:
            uow.jobs.enqueue("exchange.cap_feeds", {}, now=utcnow())
            uow.commit()
        while worker.run_once():
            pass
        after = client.get("/api/v1/bulletins?priority=emergency&limit=1", headers=approver).json()["total"]
        assert after == before


def test_ttcs_cap_import_refuses_a_file_with_entities(database_url, tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_bytes(with_doctype(alert("F-X", codes=["24169"]), '<!ENTITY e SYSTEM "file:///etc/passwd">'))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TTCS_DATABASE_URL": database_url, "TTCS_VAR_DIR": str(tmp_path),
           "TTCS_SECRET_KEY": "k" * 40, "TTCS_CAP_TRUSTED_SENDERS": SENDER}  # fmt: skip
    done = subprocess.run([TTCS, "cap", "import", str(path)], env=env, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1 and "DOCTYPE" in done.stderr, (done.stdout, done.stderr)
