"""The sample CAP alert the README posts is in the repository, valid CAP 1.2, and taken by the hub."""

from pathlib import Path

from tests.support.cap import validate
from tests.support.settings import DEMO_PASSWORD

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "cap-alert.xml"
README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_readme_posts_the_shipped_sample(client):
    assert f"@{SAMPLE.relative_to(README.parent)}" in README.read_text()
    data = SAMPLE.read_bytes()
    validate(data)
    token = client.post("/api/v1/auth/token", data={"username": "duyet.eakao", "password": DEMO_PASSWORD})
    approver = {"Authorization": f"Bearer {token.json()['access_token']}", "Content-Type": "application/cap+xml"}
    answer = client.post("/api/v1/cap/alerts", content=data, headers=approver)
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] in ("submitted", "published")
