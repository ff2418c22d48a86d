"""Later issues add pages, menu entries, dashboard cards, bulletin panels, emergency impacts and
portal services through `web_of(registry)`, without touching the web app."""

import pytest
from fastapi.testclient import TestClient

from hub.app import create_app
from hub.bootstrap import build_hub
from tests.support.demo import PUBLISHED_PROVINCE, SUBMITTED_EA_KAO, demo_bulletin
from tests.support.web import post_form, sign_in, text_of


@pytest.fixture
def extended(make_settings):
    settings = make_settings(plugins="tests.support.web_plugin")
    hub = build_hub(settings)
    clients = []

    def make(username=None, password="ttcs-demo-2026"):
        client = TestClient(create_app(settings, hub=hub))
        clients.append(client)
        if username:
            sign_in(client, username, password)
        return client

    yield make
    for client in clients:
        client.close()
    hub.close()


def test_a_plugin_adds_a_page_a_menu_entry_a_card_and_a_bulletin_panel(extended, hub):
    awaiting = demo_bulletin(hub, SUBMITTED_EA_KAO)
    me = extended("bientap.eakao")
    dashboard = me.get("/quan-tri/")
    page = text_of(dashboard.text)
    assert 'href="/quan-tri/thiet-bi-thu"' in dashboard.text
    assert "3 trực tuyến, 1 mất kết nối tại Phường Ea Kao" in page
    html = dashboard.text
    assert html.index('id="the-awaiting"') < html.index('id="the-test-devices"') < html.index('id="the-recent"')
    assert "Thẻ hỏng Không tải được mục này." in page  # a broken card does not take the dashboard down
    own = me.get("/quan-tri/thiet-bi-thu")
    assert own.status_code == 200 and 'aria-current="page">Thiết bị (thử)' in own.text
    assert f"Bản nghe thử của tin số {awaiting}" in text_of(me.get(f"/quan-tri/tin/{awaiting}").text)
    card = me.get("/quan-tri/the/test-devices", params={"area": "24169"})
    assert "3 trực tuyến" in card.text


def test_the_emergency_confirmation_lists_what_plugins_will_interrupt(extended):
    me = extended("duyet.eakao")
    data = {"title": "Cháy rừng", "body": "Sơ tán ngay.", "category": "disaster_emergency", "targets": "24169"}
    confirm = post_form(me, "/quan-tri/khan-cap", "/quan-tri/khan-cap", {**data, "_step": "review"})
    assert "Thiết bị sẽ bị ngắt Cụm loa Phường Ea Kao" in text_of(confirm.text)


def test_a_plugin_adds_portal_services_listening_and_a_widget(extended, hub):
    published = demo_bulletin(hub, PUBLISHED_PROVINCE)
    citizen = extended()
    commune = citizen.get("/xa/24169")
    assert 'href="/phan-anh-thu?xa=24169"' in commune.text and 'id="hop-tro-chuyen"' in commune.text
    bulletin = citizen.get(f"/xa/24169/tin/{published}")
    assert '<audio controls preload="none" src="/audio-thu/1.mp3">' in bulletin.text
