"""Behind the reverse proxy each citizen and official is still themselves: the address a lockout or a
rate limit counts is the client's, as told by a proxy the hub trusts (TTCS_TRUSTED_PROXIES), and a
header sent by anyone else is ignored."""

import ipaddress
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient

from hub.app import create_app
from hub.bootstrap import build_hub
from tests.support.feedback import EA_KAO
from tests.support.server import Server, server_env
from tests.support.settings import DEMO_PASSWORD

PROXY = "172.29.80.3"  # nginx, inside the trusted network
TOKEN = "/api/v1/auth/token"


def file_feedback(http: httpx.Client | TestClient, text: str, client: str) -> httpx.Response:
    data = {"text": text, "area_code": EA_KAO}
    return http.post("/api/v1/public/feedback", data=data, headers={"X-Forwarded-For": client})


def sign_in(http: httpx.Client | TestClient, username: str, password: str, client: str | None = None) -> int:
    headers = {"X-Forwarded-For": client} if client else {}
    return http.post(TOKEN, data={"username": username, "password": password}, headers=headers).status_code


@pytest.fixture
def behind_proxy(make_settings) -> Iterator[TestClient]:
    settings = make_settings(trusted_proxies="172.29.80.0/24, 10.9.0.1", feedback_rate_per_source=3)
    with TestClient(create_app(settings, hub=build_hub(settings)), client=(PROXY, 41000)) as http:
        yield http


def test_wrong_passwords_from_one_client_behind_the_proxy_do_not_lock_out_another(behind_proxy):
    for _ in range(5):
        assert sign_in(behind_proxy, "duyet.eakao", "doan-mo-1234", "198.51.100.7") == 400
    assert sign_in(behind_proxy, "duyet.eakao", DEMO_PASSWORD, "198.51.100.7") == 429
    # the official at the commune office, through the same proxy, is not locked out by the stranger
    assert sign_in(behind_proxy, "duyet.eakao", DEMO_PASSWORD, "203.0.113.20") == 200


def test_a_client_cannot_escape_its_limit_by_forging_the_left_part_of_the_chain(behind_proxy):
    """nginx appends the address it saw; what the client wrote before it is not believed."""
    for n in range(5):
        assert sign_in(behind_proxy, "duyet.eakao", "doan-mo-1234", f"10.0.0.{n}, 198.51.100.7") == 400
    assert sign_in(behind_proxy, "duyet.eakao", DEMO_PASSWORD, "192.0.2.1, 198.51.100.7") == 429
    # a chain through a second trusted proxy (10.9.0.1) still names the client
    assert sign_in(behind_proxy, "duyet.eakao", DEMO_PASSWORD, "198.51.100.7, 10.9.0.1") == 429


def test_citizens_behind_the_proxy_each_have_their_own_feedback_limit(behind_proxy):
    filed = [file_feedback(behind_proxy, f"Ý kiến số {n} về chợ.", "198.51.100.30").status_code for n in range(3)]
    assert filed == [201, 201, 201]
    limited = file_feedback(behind_proxy, "Ý kiến số 4 về chợ.", "198.51.100.30")
    assert limited.status_code == 429 and "phút" in limited.json()["detail"]
    assert file_feedback(behind_proxy, "Người khác: ý kiến về chợ.", "198.51.100.31").status_code == 201


def test_a_forged_header_from_an_untrusted_address_is_ignored(make_settings):
    settings = make_settings(trusted_proxies="172.29.80.0/24", feedback_rate_per_source=3)
    app = create_app(settings, hub=build_hub(settings))
    with TestClient(app, client=("198.51.100.66", 41000)) as attacker:
        for n in range(5):
            assert sign_in(attacker, "duyet.eakao", "doan-mo-1234", f"203.0.113.{n}") == 400
        assert sign_in(attacker, "duyet.eakao", DEMO_PASSWORD, "203.0.113.99") == 429
        filed = [file_feedback(attacker, f"Ý kiến số {n} về chợ.", f"10.1.1.{n}").status_code for n in range(4)]
        assert filed == [201, 201, 201, 429]


def test_a_setting_that_is_not_an_address_is_refused_at_start(make_settings):
    with pytest.raises(ValueError, match="TTCS_TRUSTED_PROXIES"):
        make_settings(trusted_proxies="nginx")


@pytest.mark.slow
def test_ttcs_serve_believes_only_the_trusted_proxies(database_url, tmp_path):
    """Through a real `ttcs serve`: with no trusted proxy (the default) a header sent from 127.0.0.1
    changes nothing; with 127.0.0.1 trusted, as nginx would be, clients behind it are told apart."""
    env = {**server_env(database_url, tmp_path), "TTCS_FEEDBACK_RATE_PER_SOURCE": "3"}
    plain = Server(env, tmp_path / "plain.log").start()
    try:
        with httpx.Client(base_url=plain.url, timeout=30) as http:
            filed = [file_feedback(http, f"Ý kiến số {n} về chợ.", f"198.51.100.{n}").status_code for n in range(4)]
            assert filed == [201, 201, 201, 429]
    finally:
        plain.stop()
    proxied = Server({**env, "TTCS_TRUSTED_PROXIES": "127.0.0.1"}, tmp_path / "proxied.log").start()
    try:
        with httpx.Client(base_url=proxied.url, timeout=30) as http:
            for _ in range(5):
                assert sign_in(http, "duyet.eakao", "doan-mo-1234", "198.51.100.7") == 400
            assert sign_in(http, "duyet.eakao", DEMO_PASSWORD, "198.51.100.7") == 429
            assert sign_in(http, "duyet.eakao", DEMO_PASSWORD, "203.0.113.20") == 200
            assert file_feedback(http, "Người khác: ý kiến về chợ.", "203.0.113.20").status_code == 201
    finally:
        proxied.stop()


def test_compose_trusts_exactly_the_network_nginx_reaches_the_hub_on():
    root = Path(__file__).resolve().parents[2]
    compose = yaml.safe_load((root / "docker-compose.yml").read_text())
    hub, proxy = compose["services"]["hub"], compose["services"]["proxy"]
    (subnet,) = [c["subnet"] for c in compose["networks"]["edge"]["ipam"]["config"]]
    trusted = re.fullmatch(r"\$\{TTCS_TRUSTED_PROXIES:-(.+)\}", hub["environment"]["TTCS_TRUSTED_PROXIES"])
    assert trusted and ipaddress.ip_network(trusted.group(1)) == ipaddress.ip_network(subnet)
    assert proxy["networks"] == ["edge"] and "edge" in hub["networks"]
    nginx = (root / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
