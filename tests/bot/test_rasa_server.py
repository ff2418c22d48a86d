"""A real Rasa 3.6 server, trained from `nlu/` and started here, answering through the hub.

The Rasa environment (Python 3.10, ≈2.7 GB) is created once in `~/.cache/ttcs` (or
`TTCS_TEST_RASA_CACHE_DIR`) and reused; models are kept by a fingerprint of their data, so a run
after the first only starts the server (≈30 s). The first run on a machine takes several minutes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hub.app import create_app
from nlu.rasa_env import DEFAULT_CACHE_DIR, RasaEnvironment, find_python310, stop, wait_until_ready
from tests.support.clock import real_clock_for_children
from tests.support.ports import free_port
from tests.support.tcp_proxy import TcpProxy

# The tests' own time limit counts only their bodies (func_only): building the Rasa environment and
# training the model happen in the fixture, bounded by RasaEnvironment's own limits (BUILD_TIMEOUT), and
# the server's start by wait_until_ready's. A slow first build on a busy machine never eats a test's time.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(180, func_only=True)]


@pytest.fixture(scope="session")
def rasa_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if find_python310() is None:
        pytest.skip("Rasa 3.6 needs Python 3.10, and this machine has no python3.10 (on PATH or in pyenv)")
    cache = Path(os.environ.get("TTCS_TEST_RASA_CACHE_DIR", DEFAULT_CACHE_DIR))
    environment = RasaEnvironment(cache)
    port = free_port()
    log_file = tmp_path_factory.mktemp("rasa") / "rasa.log"
    with real_clock_for_children():
        model = environment.train()  # the shipped data: nlu/data with the dataset's areas
        process = environment.serve(model, port=port, log_file=log_file)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, process, timeout=300)
        yield url
    finally:
        stop(process)


def test_the_hub_answers_with_the_rasa_model(rasa_url, make_settings):
    settings = make_settings(nlu_url=rasa_url, nlu_timeout_seconds=30)
    with TestClient(create_app(settings)) as client:
        body = client.post("/model/parse", json={"text": "cho hoi lich phat loa o cu mgar"}).json()
        assert body["intent"]["name"] == "ask_schedule"
        assert body["intent"]["confidence"] > 0.5
        areas = [e for e in body["entities"] if e["entity"] == "area"]
        assert areas and {e["value"] for e in areas} == {"24280"}
        # Rasa's extractors answered, and the hub made the area canonical.
        assert {e["extractor"] for e in areas} <= {"DIETClassifier", "RegexEntityExtractor"}
        assert {e["additional_info"]["name"] for e in areas} == {"Xã Cư M’gar"}
        assert body["text_tokens"]

        code = client.post("/model/parse", json={"text": "kiểm tra phản ánh PA-2026-000123"}).json()
        assert code["intent"]["name"] == "check_feedback_status"
        assert "PA-2026-000123" in {e["value"] for e in code["entities"] if e["entity"] == "case_code"}


def test_the_hub_falls_back_when_the_rasa_server_goes_away(rasa_url, make_settings, caplog):
    host, port = rasa_url.removeprefix("http://").split(":")
    proxy = TcpProxy(host, int(port))
    settings = make_settings(nlu_url=proxy.url, nlu_timeout_seconds=30, nlu_retry_seconds=0)
    try:
        with TestClient(create_app(settings)) as client:
            before = client.post("/model/parse", json={"text": "tôi ở Cư M'gar"}).json()
            proxy.close()
            with caplog.at_level(logging.WARNING, logger="nlu.client"):
                after = client.post("/model/parse", json={"text": "tôi ở Cư M'gar"}).json()
    finally:
        proxy.close()
    # Rasa answered (its extractors; DIET's and the lookup's mentions of one area are merged into one)
    assert [e["value"] for e in before["entities"]] == ["24280"]
    assert {e["extractor"] for e in before["entities"]} <= {"DIETClassifier", "RegexEntityExtractor"}
    assert after["intent"]["name"] == "inform_location"
    assert [(e["value"], e["extractor"]) for e in after["entities"]] == [("24280", "TTCSAreaGazetteer")]
    assert any("using the embedded engine" in r.getMessage() for r in caplog.records)
