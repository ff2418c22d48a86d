"""No input gives a 500: numbers past 64 bits, NUL and broken Unicode in text, overlong login
names, JSON nested too deep — each answered 4xx with a Vietnamese detail (problem+json for the
API, the error page for HTML pages)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from hub.app import create_app
from hub.bootstrap import build_hub
from hub.http.params import INT64_MAX
from tests.support.settings import TELEGRAM_SECRET

PROBLEM = "application/problem+json"
ADMIN_PASSWORD = "admin-password-1"
HUGE = str(2**64 + 5)  # past what SQLite and PostgreSQL store
BULLETIN = {
    "title": "Thông báo họp dân",
    "body": "Mời đại diện các hộ dự họp.",
    "category": "local_affairs",
    "target_codes": ["24169"],
}


def assert_problem(response, status: int = 422) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers["content-type"]
    body = response.json()
    assert body["detail"] and body["status"] == status
    return body


API_WITH_IDS = [
    ("get", f"/api/v1/bulletins/{HUGE}"),
    ("patch", f"/api/v1/bulletins/{HUGE}"),
    ("post", f"/api/v1/bulletins/{HUGE}/submit"),
    ("post", f"/api/v1/bulletins/{HUGE}/approve"),
    ("post", f"/api/v1/bulletins/{HUGE}/publish"),
    ("get", f"/api/v1/bulletins/{HUGE}/history"),
    ("get", f"/api/v1/bulletins/{HUGE}/audio/status"),
    ("get", f"/api/v1/bulletins?offset={HUGE}"),
    ("get", f"/api/v1/audit?offset={HUGE}"),
    ("get", f"/api/v1/jobs?offset={HUGE}"),
    ("post", f"/api/v1/jobs/{HUGE}/retry"),
    ("delete", f"/api/v1/areas/aliases/{HUGE}"),
    ("delete", f"/api/v1/broadcasts/schedules/{HUGE}"),
    ("post", f"/api/v1/notifications/{HUGE}/read"),
    ("get", f"/api/v1/feedback?offset={HUGE}"),
    ("delete", f"/api/v1/feedback/routes/{HUGE}"),
    ("get", f"/api/v1/feedback/attachments/{HUGE}"),
    ("get", f"/api/v1/privacy/export?contact_id={HUGE}"),
    ("get", f"/api/v1/calls?offset={HUGE}"),
    ("delete", f"/api/v1/chat/links/{HUGE}"),
    ("get", f"/api/v1/reports/annual?area=66&year={HUGE}"),
]


def test_ids_past_64_bits_are_422_on_every_api_route(client, login):
    admin = login("admin", ADMIN_PASSWORD)
    for method, path in API_WITH_IDS:
        kwargs = {"json": {"reason": "x"}} if method in ("post", "patch") else {}
        body = assert_problem(client.request(method, path, headers=admin, **kwargs))
        assert "quá lớn" in body["detail"], (path, body)
    # Citizens, no login: the mailbox cursor.
    assert_problem(client.get(f"/api/v1/public/messages?sender={'a' * 24}&after={HUGE}"))


def test_every_integer_parameter_of_the_api_is_bounded_to_64_bits(client):
    """The rule that keeps a new route from forgetting: every integer in a path or a query is bounded."""
    document = client.get("/openapi.json").json()
    unbounded = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                for option in schema.get("anyOf", [schema]):
                    if option.get("type") == "integer" and not option.get("maximum", INT64_MAX + 1) <= INT64_MAX:
                        unbounded.append(f"{method.upper()} {path} {parameter['name']}")
    assert unbounded == []


def test_the_public_cap_document_with_a_huge_number_is_404(client):
    assert_problem(client.get(f"/cap/v1/alerts/ttcs-66-{HUGE}-r1.xml"), 404)


@pytest.mark.parametrize("bad", ["\x00", "\ud800"])
def test_nul_and_half_surrogates_in_json_text_are_422_naming_the_field(client, login, bad):
    body = json.dumps({**BULLETIN, "title": f"Họp{bad}dân", "target_codes": ["24169", f"x{bad}"]})
    headers = {**login("bientap.eakao"), "content-type": "application/json"}
    drafted = client.post("/api/v1/bulletins", content=body, headers=headers)
    problem = assert_problem(drafted)
    assert problem["field"] in ("title", "target_codes[1]")
    assert "ký tự không hợp lệ" in problem["detail"]


def test_nul_in_forms_queries_and_paths_is_422_naming_the_field(client, login):
    bad = "\x00"
    web = client.post("/api/v1/public/feedback", data={"text": f"Đèn đường hỏng{bad}"})
    assert assert_problem(web)["field"] == "text"
    open311 = client.post("/open311/v2/requests.json", data={"service_code": "environment", "description": f"Rác{bad}"})
    assert assert_problem(open311)["field"] == "description"
    signin = client.post("/api/v1/auth/token", data={"username": f"admin{bad}", "password": "x"})
    assert assert_problem(signin)["field"] == "username"
    looked_up = client.get("/api/v1/public/feedback/PA%00")
    assert assert_problem(looked_up)["field"] == "code"
    searched = client.get("/api/v1/feedback", params={"q": f"rác{bad}"}, headers=login("admin", ADMIN_PASSWORD))
    assert assert_problem(searched)["field"] == "q"


def test_a_very_long_login_name_is_422_not_500(client):
    for where, data in (
        ("/api/v1/auth/token", {"username": "a" * 5000, "password": "x"}),
        ("/api/v1/auth/token", {"username": "a" * 65, "password": "x"}),
    ):
        body = assert_problem(client.post(where, data=data))
        assert "tối đa 64" in body["detail"]
    source = client.post("/api/v1/source/dang-nhap", json={"TenDangNhap": "a" * 5000, "MatKhau": "x"})
    assert 400 <= source.status_code < 500


def deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def test_json_nested_deeper_than_any_parser_allows_is_refused_before_any_signature_check(make_settings):
    settings = make_settings(zalo_oa_secret="oa-secret", zalo_app_id="1", telegram_webhook_secret=TELEGRAM_SECRET)
    built = build_hub(settings)
    try:
        with TestClient(create_app(settings, hub=built)) as client:
            json_type = {"content-type": "application/json"}
            for depth in (5000, 200_000):
                zalo = client.post("/webhooks/zalo", content=deep(depth), headers=json_type)
                assert 400 <= zalo.status_code < 500, zalo.text
                telegram = client.post(
                    "/webhooks/telegram",
                    content=deep(depth),
                    headers={**json_type, "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
                )
                assert_problem(telegram)
                web_chat = client.post("/webhooks/rest/webhook", content=deep(depth), headers=json_type)
                assert web_chat.status_code in (400, 422), web_chat.text
                assert web_chat.headers["content-type"].startswith(PROBLEM)
                source = client.post("/api/v1/source/dang-nhap", content=deep(depth), headers=json_type)
                assert 400 <= source.status_code < 500, source.text
                nested = b'{"sender": "abcdefghijklmnop", "message": "x", "metadata": ' + deep(depth) + b"}"
                chat = client.post("/webhooks/rest/webhook", content=nested, headers=json_type)
                assert chat.status_code in (400, 422), chat.text
    finally:
        built.close()
