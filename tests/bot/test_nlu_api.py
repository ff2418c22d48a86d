"""`POST /model/parse` on the hub: Rasa's request and response, areas from the live table."""

import logging

from hub.accounts.model import Principal
from hub.areas import service as areas
from tests.support.ports import free_port


def test_done_when_example_through_the_hub(client):
    response = client.post("/model/parse", json={"text": "cho hoi lich phat loa o cu mgar"})
    assert response.status_code == 200
    body = response.json()
    assert body["text"] == "cho hoi lich phat loa o cu mgar"
    assert body["intent"]["name"] == "ask_schedule"
    assert body["intent_ranking"][0] == body["intent"]
    (area,) = body["entities"]
    assert {k: area[k] for k in ("entity", "start", "end", "value", "extractor")} == {
        "entity": "area",
        "start": 24,
        "end": 31,
        "value": "24280",
        "extractor": "TTCSAreaGazetteer",
    }
    assert area["additional_info"]["name"] == "Xã Cư M’gar"
    assert body["text_tokens"][0] == [0, 3]


def test_villages_and_aliases_of_the_areas_table_are_understood(client, hub):
    # The demo has "Thôn 3" in Xã Cư M’gar; an official adds a local name for Phường Ea Kao.
    with hub.database.uow() as uow:
        areas.add_alias(uow, Principal.system("test"), "Chợ Ea Kao cũ", ["24169"])
        uow.commit()
    village = client.post("/model/parse", json={"text": "tôi ở thôn 3 xã cư mgar"}).json()
    assert village["intent"]["name"] == "inform_location"
    assert [e["value"] for e in village["entities"]] == [_code_of(client, "Thôn 3", "24280"), "24280"]
    alias = client.post("/model/parse", json={"text": "loa o cho ea kao cu may gio phat"}).json()
    assert alias["intent"]["name"] == "ask_schedule"
    assert [(e["value"], e["additional_info"]["matched"]) for e in alias["entities"]] == [("24169", "alias")]


def _code_of(client, name, parent):
    children = client.get(f"/api/v1/areas/{parent}").json()["children"]
    return next(c["code"] for c in children if c["name"] == name)


def test_bad_input_is_understood_as_nothing_not_an_error(client):
    for text in ["", "!!!", "🙂🙂", "\u0301\u0301"]:
        response = client.post("/model/parse", json={"text": text})
        assert response.status_code == 200
        assert response.json()["intent"] == {"name": "nlu_fallback", "confidence": 0.0}
    long = client.post("/model/parse", json={"text": "xyz " * 2_500})
    assert long.status_code == 200
    assert long.json()["intent"]["name"] in {"nlu_fallback", "out_of_scope"}


def test_a_request_without_text_is_refused_in_vietnamese(client):
    response = client.post("/model/parse", json={"message": "hi"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_rasa_server_that_is_down_falls_back_to_the_embedded_engine(make_settings, caplog):
    from fastapi.testclient import TestClient

    from hub.app import create_app

    settings = make_settings(nlu_url=f"http://127.0.0.1:{free_port()}", nlu_timeout_seconds=2)
    with caplog.at_level(logging.WARNING, logger="nlu.client"), TestClient(create_app(settings)) as client:
        body = client.post("/model/parse", json={"text": "cho hoi lich phat loa o cu mgar"}).json()
    assert body["intent"]["name"] == "ask_schedule"
    assert body["entities"][0]["value"] == "24280"
    assert any("using the embedded engine" in r.getMessage() for r in caplog.records)
