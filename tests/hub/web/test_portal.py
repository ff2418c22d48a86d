"""Citizens on the portal: find their commune however they type it, read what reaches it (and only
what was published), search, and install the portal on a phone."""

from tests.support.demo import PUBLISHED_EA_KAO, PUBLISHED_PROVINCE, PUBLISHED_VILLAGE, demo_bulletin
from tests.support.web import text_of


def test_a_citizen_finds_the_commune_without_diacritics_and_reads_what_reaches_it(browser):
    citizen = browser()
    found = citizen.get("/", params={"q": "cu mgar"})
    assert 'href="/xa/24280">Xã Cư M’gar</a>' in found.text
    assert 'href="/xa/24169"' in citizen.get("/", params={"q": "buon ma thuot"}).text  # a former city's name

    page = citizen.get("/xa/24169")
    shown = text_of(page.text)
    assert PUBLISHED_PROVINCE in shown  # sent to the whole province
    assert "Phòng chống sốt xuất huyết trong mùa mưa" in shown and "Ưu tiên" in shown  # the ward's own
    assert PUBLISHED_VILLAGE in shown  # sent to one of its villages
    for unpublished in ("Hướng dẫn rà soát hộ nghèo", "Vận động tham gia bảo hiểm y tế", "Cảnh báo mưa lớn"):
        assert unpublished not in shown  # submitted, draft, expired
    assert "Tiêm vắc xin sởi – rubella cho trẻ 1–5 tuổi" in shown  # the summary stands for the body

    home = citizen.get("/")
    assert 'href="/xa/24169">Xem tin của Phường Ea Kao</a>' in home.text  # remembered for next time


def test_a_citizen_searches_the_communes_bulletins_and_reads_one(browser, hub):
    published = demo_bulletin(hub, PUBLISHED_EA_KAO)
    citizen = browser()
    found = text_of(citizen.get("/xa/24169", params={"q": "SOT XUAT HUYET"}).text)
    assert "Tin có “SOT XUAT HUYET”" in found and "Phòng chống sốt xuất huyết" in found
    assert "Lịch tiêm chủng" not in found
    one = citizen.get(f"/xa/24169/tin/{published}")
    assert one.status_code == 200 and "đậy kín dụng cụ chứa nước" in one.text and "Phường Ea Kao" in one.text


def test_what_was_not_published_is_not_there_for_citizens(browser):
    citizen = browser()
    for bid in (5, 6, 7, 8):  # submitted, draft, rejected, withdrawn
        response = citizen.get(f"/xa/24169/tin/{bid}")
        assert response.status_code == 404 and f"Không tìm thấy tin số {bid}." in text_of(response.text)
    assert citizen.get("/xa/99999").status_code == 404


def test_the_portal_is_installable_and_reads_offline(browser):
    citizen = browser()
    manifest = citizen.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = manifest.json()
    assert body["lang"] == "vi" and body["start_url"] == "/" and body["display"] == "standalone"
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:
        assert citizen.get(icon["src"]).headers["content-type"] == "image/png"
    worker = citizen.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["service-worker-allowed"] == "/"
    assert '"/ngoai-tuyen"' in worker.text and "/static/portal/portal.css?v=" in worker.text
    assert citizen.get("/ngoai-tuyen").status_code == 200
    page = citizen.get("/xa/24169")
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page.text


def test_portal_pages_are_light_and_set_no_session(browser):
    citizen = browser()
    page = citizen.get("/xa/24169")
    assert "ttcs_phien" not in page.headers.get("set-cookie", "")
    assert "htmx" not in page.text  # no framework script for citizens
    assert len(page.content) < 20_000
