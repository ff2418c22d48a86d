"""Nothing a citizen was told is lost: a server killed mid-load keeps every acknowledged case, and
codes stay unique and gapless when many citizens file at once."""

import re
import threading

import httpx
import pytest

from hub.bootstrap import build_hub
from hub.kit.time import local, utcnow
from tests.support.feedback import CU_MGAR, EA_KAO, file_direct
from tests.support.server import Server, server_env, token


@pytest.mark.slow
def test_a_killed_server_keeps_every_case_whose_code_was_given(database_url, tmp_path):
    """Citizens file on the web and through Open311 from several clients while the server is
    killed (SIGKILL). After a restart every case whose code reached a citizen is there, with its
    text; every code was given once."""
    env = {**server_env(database_url, tmp_path), "TTCS_FEEDBACK_RATE_PER_SOURCE": "100000"}
    server = Server(env, tmp_path / "server.log").start()
    acknowledged: dict[str, str] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def citizen(n: int) -> None:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            i = 0
            while not stop.is_set():
                i += 1
                text = f"Phản ánh thử {n}-{i}: đèn đường số {i} ở tổ {n} không sáng."
                try:
                    if i % 2:
                        r = http.post(
                            "/api/v1/public/feedback",
                            data={"text": text, "area_code": EA_KAO, "sender": f"crash-test-browser-{n:04d}-{i:06d}"},
                        )
                        code = r.json().get("code") if r.status_code == 201 else None
                    else:
                        r = http.post(
                            "/open311/v2/requests.json",
                            data={"service_code": "infrastructure", "description": text, "address_id": CU_MGAR},
                        )
                        code = r.json()[0]["service_request_id"] if r.status_code == 200 else None
                except (httpx.HTTPError, ValueError):
                    return
                if code:
                    with lock:
                        assert code not in acknowledged, f"{code} given twice"
                        acknowledged[code] = text

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    while len(acknowledged) < 80:
        threading.Event().wait(0.05)
    server.kill()
    stop.set()
    for t in threads:
        t.join(15)

    restarted = Server(env, tmp_path / "server2.log").start()
    try:
        leader = token(restarted.url, "duyet.tinh")
        with httpx.Client(base_url=restarted.url, headers=leader, timeout=30) as http:
            lost = [code for code in acknowledged if http.get(f"/api/v1/feedback/{code}").status_code != 200]
            assert lost == [], f"{len(lost)} of {len(acknowledged)} acknowledged cases lost: {lost[:5]}"
            for code, text in list(acknowledged.items())[:: max(1, len(acknowledged) // 20)]:
                assert http.get(f"/api/v1/feedback/{code}").json()["text"] == text
            # the hub goes on numbering after the crash, without reusing a code
            after = httpx.post(
                f"{restarted.url}/api/v1/public/feedback", data={"text": "Sau khi khởi động lại.", "area_code": EA_KAO}
            ).json()["code"]
            assert after not in acknowledged
    finally:
        restarted.stop()


def test_codes_are_unique_and_gapless_when_many_citizens_file_at_once(make_settings):
    hub = build_hub(make_settings(feedback_rate_per_sender=100))
    codes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def citizen(n: int) -> None:
        try:
            for i in range(15):
                code = file_direct(hub, "zalo", f"zalo-concurrent-{n}", f"Ý kiến {i} của người {n} về chợ phường.")
                with lock:
                    codes.append(code)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=citizen, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    hub.close()
    assert errors == []
    assert len(codes) == len(set(codes)) == 90
    year = local(utcnow()).year
    numbers = sorted(int(re.match(rf"PA-{year}-(\d+)$", c).group(1)) for c in codes)
    assert numbers == list(range(numbers[0], numbers[0] + 90))
