"""The officials' day in a real browser: the commune editor writes and sends a bulletin, the approver
approves it and reads its audit trail; the emergency button with its confirmation, refused to
editors; keyboard use and a phone-sized screen. The screenshots illustrate the handbook."""

from playwright.sync_api import expect

from tests.hub.web.browser.conftest import PHONE, overflows, shot, sign_in
from tests.support.demo import PUBLISHED_PROVINCE, SUBMITTED_EA_KAO

TITLE = "Tổ chức ra quân vệ sinh môi trường Buôn Ea Kao"


def test_editor_writes_and_submits_then_the_approver_approves_and_reads_the_trail(open_page):
    editor = open_page()
    editor.goto("/quan-tri/")
    expect(editor.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    shot(editor, "dang-nhap", handbook=True)
    sign_in(editor, "bientap.eakao")
    expect(editor.get_by_role("heading", name="Tổng quan")).to_contain_text("Phường Ea Kao")
    shot(editor, "tong-quan-bien-tap", handbook=True)

    editor.get_by_role("link", name="Soạn tin mới").first.click()
    editor.get_by_role("textbox", name="Tiêu đề", exact=True).fill(TITLE)
    editor.get_by_label("Tóm tắt").fill("Sáng Chủ nhật 7h00, mỗi hộ cử một người.")
    editor.get_by_label("Nội dung (tiếng Việt, dùng để đọc trên loa)").fill(
        "Hưởng ứng ngày Chủ nhật xanh, UBND phường Ea Kao mời mỗi hộ gia đình cử một người tham gia dọn vệ sinh "
        "đường làng, khơi thông cống rãnh lúc 7 giờ sáng Chủ nhật. Tập trung tại nhà văn hóa Buôn Ea Kao."
    )
    editor.get_by_label("Lĩnh vực").select_option("local_affairs")
    editor.get_by_label("Buôn Ea Kao").check()
    editor.get_by_text("Bản Tiếng Ê Đê (không bắt buộc)").click()
    editor.get_by_label("Tiêu đề — Tiếng Ê Đê").fill("Bi mguôp mă bruă mrâo ƀuôn sang")
    editor.get_by_label("Nội dung — Tiếng Ê Đê").fill("Jak grăp sang cuê sa čô mơ̆ng mă bruă mrâo ƀuôn.")
    shot(editor, "soan-tin", handbook=True)
    editor.get_by_role("button", name="Lưu và gửi duyệt").click()
    expect(editor.get_by_role("status")).to_have_text("Đã lưu và gửi tin đi duyệt.")
    expect(editor.get_by_text("Chờ duyệt").first).to_be_visible()
    expect(editor.get_by_role("button", name="Duyệt tin")).to_have_count(0)
    shot(editor, "tin-da-gui-duyet", handbook=True)

    approver = open_page()
    sign_in(approver, "duyet.eakao")
    awaiting = approver.locator("#the-awaiting")
    expect(awaiting).to_contain_text(TITLE)
    shot(approver, "tong-quan-duyet", handbook=True)
    awaiting.get_by_role("link", name=TITLE).click()
    expect(approver.get_by_role("heading", name=TITLE)).to_be_visible()
    shot(approver, "duyet-tin", handbook=True)
    approver.get_by_role("button", name="Duyệt tin").click()
    expect(approver.get_by_role("status")).to_contain_text("Đã duyệt và phát hành tin")
    trail = approver.locator("section", has=approver.get_by_role("heading", name="Nhật ký thao tác"))
    for step in ("Tạo tin", "Gửi duyệt tin", "Duyệt tin", "Phát hành tin"):
        expect(trail).to_contain_text(step)
    expect(trail).to_contain_text("duyet.eakao · qua Trang quản trị")
    trail.scroll_into_view_if_needed()
    shot(approver, "nhat-ky-tin", handbook=True)


def test_the_emergency_button_confirms_the_areas_and_is_refused_to_editors(open_page):
    approver = open_page()
    sign_in(approver, "duyet.eakao")
    approver.get_by_role("link", name="Phát tin khẩn cấp").first.click()
    approver.get_by_role("textbox", name="Tiêu đề", exact=True).fill("Cháy rừng gần Buôn Ea Kao")
    approver.get_by_label("Nội dung (đọc trên loa)").fill(
        "Đám cháy rừng đang lan về phía Buôn Ea Kao. Bà con không vào rừng, chuẩn bị sơ tán theo hướng dẫn "
        "của lực lượng chức năng."
    )
    shot(approver, "khan-cap-soan", handbook=True)
    approver.get_by_role("button", name="Xem lại trước khi phát").click()
    affected = approver.locator(
        "section", has=approver.get_by_role("heading", name="Các địa bàn sẽ bị ngắt chương trình")
    )
    expect(affected).to_contain_text("Phường Ea Kao (24169) — và 3 địa bàn trực thuộc: Buôn Ea Kao, Thôn 1, Thôn 2")
    shot(approver, "khan-cap-xac-nhan", handbook=True)
    approver.get_by_role("button", name="Xác nhận phát ngay").click()
    expect(approver.get_by_role("status")).to_contain_text("Đã phát tin khẩn cấp.")
    expect(approver.get_by_text("Đang phát hành").first).to_be_visible()
    approver.goto("/quan-tri/")
    expect(approver.locator("#the-emergencies")).to_contain_text("Cháy rừng gần Buôn Ea Kao")
    shot(approver, "khan-cap-tren-tong-quan", handbook=True)

    editor = open_page()
    sign_in(editor, "bientap.eakao")
    expect(editor.get_by_role("link", name="Phát tin khẩn cấp")).to_have_count(0)
    editor.goto("/quan-tri/khan-cap")
    expect(editor.get_by_role("alert")).to_contain_text("Bạn cần vai trò “Người duyệt tin”")
    shot(editor, "khan-cap-bi-tu-choi")


def test_keyboard_only_and_labelled_fields(open_page):
    page = open_page()
    sign_in(page, "bientap.eakao")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bỏ qua, tới nội dung chính")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "noi-dung"
    page.goto("/quan-tri/tin/moi")
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
             .filter(el => el.labels.length === 0).map(el => el.name)"""
    )
    assert unlabelled == []


def test_officials_pages_fit_a_phone(open_page):
    page = open_page(PHONE)
    sign_in(page, "duyet.eakao")
    assert not overflows(page)
    shot(page, "tong-quan-dien-thoai", handbook=True)
    page.goto("/quan-tri/tin")
    bulletin = page.get_by_role("link", name=SUBMITTED_EA_KAO).first.get_attribute("href")
    for path in ("/quan-tri/tin", bulletin, "/quan-tri/tin/moi", "/quan-tri/khan-cap"):
        page.goto(path)
        assert not overflows(page), path
    page.goto("/quan-tri/tin")
    shot(page, "danh-sach-tin-dien-thoai")


def test_device_operators_and_admins_pages(open_page):
    operator = open_page()
    sign_in(operator, "vanhanh.eakao")
    expect(operator.locator("#the-on_air")).to_contain_text("Phòng chống sốt xuất huyết")
    shot(operator, "tong-quan-van-hanh", handbook=True)

    admin = open_page()
    sign_in(admin, "admin", "admin-password-1")
    admin.goto("/quan-tri/tai-khoan")
    expect(admin.get_by_role("heading", name="Tài khoản cán bộ")).to_be_visible()
    shot(admin, "tai-khoan", handbook=True)
    admin.goto("/quan-tri/dia-ban/24169")
    expect(admin.get_by_role("heading", name="Thêm thôn, buôn, tổ dân phố")).to_be_visible()
    shot(admin, "dia-ban", handbook=True)
    admin.goto("/quan-tri/nhat-ky")
    expect(admin.get_by_role("heading", name="Nhật ký thao tác")).to_be_visible()
    shot(admin, "nhat-ky-he-thong", handbook=True)
    admin.goto("/quan-tri/tin?status=published")
    shot(admin, "danh-sach-tin", handbook=True)


def test_the_list_filters_as_the_official_types_without_reloading(open_page):
    page = open_page()
    sign_in(page, "duyet.tinh")
    page.goto("/quan-tri/tin")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Tìm trong tiêu đề, nội dung").fill("tiem chung")
    results = page.locator("#ket-qua")
    expect(results).to_contain_text("1 tin khớp với “tiem chung”.")
    expect(results).to_contain_text(PUBLISHED_PROVINCE)
    page.get_by_label("Trạng thái").select_option("draft")
    expect(results).to_contain_text("0 tin khớp")
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the results in place
    assert "q=tiem%20chung" in page.url and "status=draft" in page.url
