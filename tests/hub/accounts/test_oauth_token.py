"""The token endpoint answers as OAuth2 clients expect (RFC 6749 §5.1, §5.2) and keeps the Vietnamese
`detail` our own clients show: nothing is cached, and each kind of bad request has its standard error."""

import pytest

from tests.support.settings import DEMO_PASSWORD

TOKEN = "/api/v1/auth/token"


def assert_not_cached(response) -> None:
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"


def test_a_token_is_never_cached_and_says_when_it_expires(client):
    data = {"grant_type": "password", "username": "bientap.eakao", "password": DEMO_PASSWORD}
    response = client.post(TOKEN, data=data)
    assert response.status_code == 200
    assert_not_cached(response)
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] > 0 and body["access_token"]


def test_wrong_credentials_are_invalid_grant_with_the_vietnamese_detail(client):
    response = client.post(TOKEN, data={"grant_type": "password", "username": "bientap.eakao", "password": "sai-1234"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    assert_not_cached(response)
    body = response.json()
    assert body["error"] == "invalid_grant"
    assert body["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert body["error_description"].isascii()


@pytest.mark.parametrize("grant_type", ["client_credentials", "authorization_code", "refresh_token", "PASSWORD"])
def test_another_grant_type_is_unsupported(client, grant_type):
    data = {"grant_type": grant_type, "username": "bientap.eakao", "password": DEMO_PASSWORD}
    response = client.post(TOKEN, data=data)
    assert response.status_code == 400
    assert_not_cached(response)
    assert response.json()["error"] == "unsupported_grant_type"
    assert "grant_type=password" in response.json()["detail"]


@pytest.mark.parametrize(
    "data", [{}, {"username": "bientap.eakao"}, {"password": DEMO_PASSWORD}, {"username": "", "password": "x"}]
)
def test_missing_fields_are_invalid_request(client, data):
    response = client.post(TOKEN, data={"grant_type": "password", **data})
    assert response.status_code == 400
    assert_not_cached(response)
    assert response.json()["error"] == "invalid_request"
    assert "tên đăng nhập" in response.json()["detail"]


def test_a_json_body_is_invalid_request_not_a_crash(client):
    response = client.post(TOKEN, json={"username": "bientap.eakao", "password": DEMO_PASSWORD})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_a_locked_out_sign_in_stays_429_with_retry_after_and_invalid_grant(client):
    for _ in range(5):
        client.post(TOKEN, data={"username": "duyet.eakao", "password": "doan-mo-1234"})
    locked = client.post(TOKEN, data={"username": "duyet.eakao", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert_not_cached(locked)
    assert int(locked.headers["retry-after"]) > 0
    assert locked.json()["error"] == "invalid_grant"
    assert "Đăng nhập sai quá nhiều lần" in locked.json()["detail"]
