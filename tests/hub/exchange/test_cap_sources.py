"""CAP alerts from a file (`ttcs cap import`) and from a polled feed; and, when signing is configured,
only alerts signed by a trusted certificate (XML-DSig) from a trusted sender are accepted."""

import os
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from fastapi.testclient import TestClient
from lxml import etree
from signxml import XMLSigner, methods

from hub.app import create_app
from hub.bootstrap import build_hub
from hub.jobs.worker import Worker
from hub.kit.time import utcnow
from tests.support.cap import SENDER, alert, validate
from tests.support.loopback import Loopback
from tests.support.server import ROOT, TTCS

CAP = {"Content-Type": "application/cap+xml"}


def _keypair(name: str) -> tuple[bytes, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem_key, cert.public_bytes(serialization.Encoding.PEM)


def _sign(data: bytes, key: bytes, cert: bytes) -> bytes:
    signed = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256", digest_algorithm="sha256").sign(
        etree.fromstring(data), key=key, cert=cert
    )
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


@pytest.fixture(scope="module")
def keys():
    return {"trusted": _keypair("Trung tâm Dự báo KTTV"), "other": _keypair("Kẻ mạo danh")}


def _client(settings):
    built = build_hub(settings)
    return built, TestClient(create_app(settings, hub=built))


def test_signed_alerts_only_from_trusted_certificates_and_senders(make_settings, keys, tmp_path):
    certs = tmp_path / "cap-certs.pem"
    certs.write_bytes(keys["trusted"][1])
    settings = make_settings(cap_trusted_senders=SENDER, cap_signing_certs=str(certs))
    built, client = _client(settings)
    with client:
        token = client.post("/api/v1/auth/token", data={"username": "duyet.tinh", "password": "ttcs-demo-2026"})
        headers = {**CAP, "Authorization": f"Bearer {token.json()['access_token']}"}
        good = _sign(alert("S-1"), *keys["trusted"])
        validate(good)  # a signed alert is still valid CAP 1.2
        answer = client.post("/api/v1/cap/alerts", content=good, headers=headers)
        assert answer.status_code == 201 and answer.json()["status"] == "published", answer.text

        refused = {
            "unsigned": alert("S-2"),
            "other key": _sign(alert("S-3"), *keys["other"]),
            "tampered": good.replace("Cảnh báo lũ quét".encode(), "Tin giả mạo".encode()).replace(b"S-1", b"S-4"),
            "untrusted sender": _sign(alert("S-5", sender="someone@example.org"), *keys["trusted"]),
        }
        for why, data in refused.items():
            answer = client.post("/api/v1/cap/alerts", content=data, headers=headers)
            assert answer.status_code == 403, (why, answer.text)
            assert answer.json()["code"] in ("cap_unsigned", "cap_bad_signature", "cap_untrusted"), why
    built.close()


def test_ttcs_cap_import_reads_a_file(database_url, tmp_path):
    path = tmp_path / "canh-bao.xml"
    path.write_bytes(alert("F-1", codes=["24169"]))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "TTCS_DATABASE_URL": database_url, "TTCS_VAR_DIR": str(tmp_path),
           "TTCS_SECRET_KEY": "k" * 40, "TTCS_CAP_TRUSTED_SENDERS": SENDER}  # fmt: skip
    done = subprocess.run([TTCS, "cap", "import", str(path)], env=env, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Đã nhận cảnh báo F-1" in done.stdout and "(đang phát hành)" in done.stdout  # not "published"
    again = subprocess.run([TTCS, "cap", "import", str(path)], env=env, capture_output=True, text=True, cwd=ROOT)
    assert "đã được nhận trước đó" in again.stdout
    path.write_bytes(alert("F-2", codes=["77777"]))
    bad = subprocess.run([TTCS, "cap", "import", str(path)], env=env, capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1 and "77777" in bad.stderr


class Feed(Loopback):
    """A warning agency's Atom feed of CAP alerts."""

    def __init__(self) -> None:
        super().__init__()
        self.alerts: dict[str, bytes] = {}

    def handle(self, method, path, query, headers, body):
        if path == "/feed.atom":
            entries = "".join(
                f"<entry><id>{name}</id><title>{name}</title><updated>2026-11-26T10:00:00+07:00</updated>"
                f'<link rel="alternate" type="application/cap+xml" href="{self.base}/alerts/{name}.xml"/></entry>'
                for name in self.alerts
            )
            feed = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>x</id>{entries}</feed>'
            return 200, feed.encode(), {"Content-Type": "application/atom+xml"}
        name = path.removeprefix("/alerts/").removesuffix(".xml")
        if name in self.alerts:
            return 200, self.alerts[name], {"Content-Type": "application/cap+xml"}
        return 404, b"", {}


def test_a_polled_feed_brings_new_alerts_once(make_settings, login, client, hub):
    with Feed() as feed:
        feed.alerts["P-1"] = alert("P-1", codes=["24280"])
        feed.alerts["P-2"] = alert("P-2", codes=["99999"])  # refused (unknown area); the others still go in
        settings = make_settings(
            cap_feed_urls=f"{feed.base}/feed.atom", cap_trusted_senders=SENDER, cap_poll_seconds=10
        )
        worker = Worker(replace(hub, settings=settings))  # the same database, polling these feeds

        def poll() -> None:
            with hub.database.uow() as uow:
                uow.jobs.enqueue("exchange.cap_feeds", {}, now=utcnow())
                uow.commit()
            while worker.run_once():
                pass

        approver = login("duyet.cumgar")
        before = client.get("/api/v1/bulletins?priority=emergency&limit=50", headers=approver).json()["total"]
        poll()
        poll()  # inside the poll interval: not fetched again
        found = client.get("/api/v1/bulletins?priority=emergency&limit=50", headers=approver).json()
        assert found["total"] == before + 1
        assert any(b["title"] == "Cảnh báo lũ quét, sạt lở đất" and b["status"] == "published" for b in found["items"])
