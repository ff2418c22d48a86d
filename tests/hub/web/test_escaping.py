"""Text typed by officials and citizens is shown as text, never run as markup, on every page."""

from tests.support.web import post_form

NASTY = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_bulletin_text_with_markup_is_escaped_for_officials_and_citizens(browser, client, login):
    editor, approver = login("bientap.eakao"), login("duyet.eakao")
    body = {"title": f"Tin {NASTY}", "body": f"Nội dung {NASTY}", "category": "society", "target_codes": ["24169"]}
    bid = client.post("/api/v1/bulletins", json=body, headers=editor).json()["id"]
    client.post(f"/api/v1/bulletins/{bid}/submit", headers=editor)
    client.post(f"/api/v1/bulletins/{bid}/approve", headers=approver)
    official = browser("duyet.eakao")
    citizen = browser()
    pages = [
        official.get("/quan-tri/tin"),
        official.get(f"/quan-tri/tin/{bid}"),
        official.get("/quan-tri/"),
        citizen.get("/xa/24169"),
        citizen.get(f"/xa/24169/tin/{bid}"),
    ]
    for page in pages:
        assert page.status_code == 200, page.url
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, page.url
        assert "&lt;script&gt;alert(" in page.text, page.url


def test_what_a_citizen_searches_for_is_shown_escaped(browser):
    citizen = browser()
    for path in ("/", "/xa/24169"):
        page = citizen.get(path, params={"q": NASTY})
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text


def test_an_alias_typed_by_an_admin_is_escaped_in_the_area_pages_and_the_portal(browser):
    admin = browser("admin", "admin-password-1")
    post_form(admin, "/quan-tri/dia-ban/24169", "/quan-tri/dia-ban/24169/ten-goi-khac", {"alias": f"Ea Kao {NASTY}"})
    assert "<script>alert" not in admin.get("/quan-tri/dia-ban/24169").text
    found = browser().get("/", params={"q": "ea kao script"})
    assert "<script>alert" not in found.text
