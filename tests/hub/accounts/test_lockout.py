"""The sign-in lockout stops guessing without letting a stranger lock a named official out: failures
count per (name, address); only many addresses failing for one name lock it for everyone, and an
admin can end that at once. Counting holds under parallel requests."""

import threading
from collections import Counter
from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from hub.app import create_app
from hub.bootstrap import build_hub
from tests.support.server import Server, server_env
from tests.support.settings import DEMO_PASSWORD

TOKEN = "/api/v1/auth/token"
RIGHT, WRONG = DEMO_PASSWORD, "doan-mo-1234"


@pytest.fixture
def signer(make_settings) -> Iterator[Callable[..., Callable[[str, str, str], httpx.Response]]]:
    """`signer(**settings)(address, name, password)`: sign in as if from an address (told by a trusted
    proxy, as behind nginx)."""
    opened: list[TestClient] = []

    def make(**overrides: object) -> Callable[[str, str, str], httpx.Response]:
        settings = make_settings(trusted_proxies="10.0.0.1", **overrides)
        http = TestClient(create_app(settings, hub=build_hub(settings)), client=("10.0.0.1", 40000))
        opened.append(http)

        def sign_in(address: str, username: str, password: str) -> httpx.Response:
            data = {"username": username, "password": password}
            return http.post(TOKEN, data=data, headers={"X-Forwarded-For": address})

        return sign_in

    yield make
    for http in opened:
        http.close()


@pytest.fixture
def from_address(signer):
    return signer(login_slowdown_seconds=0)


def test_a_stranger_cannot_lock_out_the_official(from_address):
    for _ in range(5):
        assert from_address("198.51.100.9", "duyet.eakao", WRONG).status_code == 400
    assert from_address("198.51.100.9", "duyet.eakao", RIGHT).status_code == 429
    assert from_address("203.0.113.5", "duyet.eakao", RIGHT).status_code == 200


def test_guesses_from_a_second_address_are_slowed_down(signer):
    from_address = signer(login_slowdown_seconds=3600)
    for _ in range(3):
        from_address("198.51.100.1", "duyet.eakao", WRONG)
    for _ in range(2):
        from_address("198.51.100.2", "duyet.eakao", WRONG)
    slowed = from_address("198.51.100.3", "duyet.eakao", WRONG)
    assert slowed.status_code == 429 and slowed.json()["code"] == "login_slowed"
    assert "giây" in slowed.json()["detail"] and int(slowed.headers["retry-after"]) > 0


def test_a_distributed_attack_locks_the_name_until_an_admin_unlocks_it(from_address, ttcs):
    for n in range(10):
        assert from_address(f"198.51.100.{n}", "duyet.eakao", WRONG).status_code in (400, 429)
    locked = from_address("203.0.113.5", "duyet.eakao", RIGHT)
    assert locked.status_code == 429 and "nhiều nơi" in locked.json()["detail"]
    assert "[tạm khóa đăng nhập]" in ttcs("user", "list").output
    unlocked = ttcs("user", "unlock", "duyet.eakao")
    assert unlocked.exit_code == 0 and "Đã mở khóa đăng nhập" in unlocked.output
    assert from_address("203.0.113.5", "duyet.eakao", RIGHT).status_code == 200
    assert ttcs("user", "unlock", "khong.ton.tai").exit_code != 0


def test_a_locked_pair_does_not_hold_back_another_name_from_the_same_address(from_address):
    for _ in range(5):
        from_address("198.51.100.9", "duyet.eakao", WRONG)
    assert from_address("198.51.100.9", "bientap.eakao", RIGHT).status_code == 200


@pytest.mark.postgres_only
@pytest.mark.slow
def test_parallel_guesses_get_no_more_checks_than_the_limit(database_url, tmp_path):
    """40 wrong passwords at once against a real server on PostgreSQL: at most 5 are checked (400),
    the rest refused (429); the right password sent while the burst is refused is refused too."""
    env = {**server_env(database_url, tmp_path), "TTCS_DATABASE_POOL_SIZE": "45"}
    server = Server(env, tmp_path / "server.log").start()
    answers: list[int] = []
    checked = threading.Condition()
    start = threading.Barrier(40)

    def guess() -> None:
        with httpx.Client(base_url=server.url, timeout=120) as http:
            start.wait()
            status = http.post(TOKEN, data={"username": "duyet.eakao", "password": WRONG}).status_code
        with checked:
            answers.append(status)
            checked.notify_all()

    try:
        threads = [threading.Thread(target=guess) for _ in range(40)]
        for thread in threads:
            thread.start()
        with checked:  # the lock is on as soon as five were checked; other guesses may still be in flight
            assert checked.wait_for(lambda: Counter(answers)[400] >= 5 or len(answers) == 40, timeout=240)
        right = httpx.post(f"{server.url}{TOKEN}", data={"username": "duyet.eakao", "password": RIGHT}, timeout=120)
        for thread in threads:
            thread.join(240)
        counted = Counter(answers)
        assert counted[400] <= 5 and counted[400] + counted[429] == 40, counted
        assert right.status_code == 429, right.text
    finally:
        server.stop()
