"""A citizen on a small phone (360×740): find the commune without diacritics, read its bulletins,
install the portal, and read again without network."""

from playwright.sync_api import expect

from tests.hub.web.browser.conftest import PHONE, overflows, shot
from tests.support.demo import PUBLISHED_PROVINCE


def test_a_citizen_on_a_phone_finds_the_commune_reads_and_reads_again_offline(open_page):
    page = open_page(PHONE)
    page.goto("/")
    expect(page.get_by_role("heading", name="Tin tức của xã, phường bạn")).to_be_visible()
    shot(page, "cong-thong-tin-trang-dau", handbook=True)
    page.get_by_label("Tên xã, phường (không cần gõ dấu)").fill("ea kao")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Phường Ea Kao").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phường Ea Kao")
    expect(page.get_by_text(PUBLISHED_PROVINCE)).to_be_visible()
    assert not overflows(page)
    shot(page, "cong-thong-tin-xa", handbook=True)
    page.get_by_role("link", name="Phòng chống sốt xuất huyết trong mùa mưa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phòng chống sốt xuất huyết trong mùa mưa")
    assert not overflows(page)
    shot(page, "cong-thong-tin-tin", handbook=True)

    # Installable: a manifest and an active service worker controlling the portal.
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)") is True
    page.goto("/xa/24169")  # now under the worker's control: the page and its bulletins are kept
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    bulletin = page.get_by_role("link", name=PUBLISHED_PROVINCE).first.get_attribute("href")
    page.wait_for_timeout(500)
    page.context.set_offline(True)
    page.goto(bulletin)
    expect(page.get_by_role("heading", level=1)).to_have_text(PUBLISHED_PROVINCE)
    page.goto("/xa/24280")  # never opened: the offline page says so
    expect(page.get_by_role("heading", level=1)).to_have_text("Chưa có kết nối mạng")
    page.context.set_offline(False)
