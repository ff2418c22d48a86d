"""Feedback in a real browser: a commune editor answers an overdue case from the dashboard, using
the inbox's filters; a citizen on a small phone files feedback from the commune's page and checks
it by its code. The screenshots illustrate the handbook (docs/huong-dan/tra-loi-phan-anh.md)."""

from playwright.sync_api import expect

from tests.hub.web.browser.conftest import PHONE, overflows, shot, sign_in
from tests.support.clock import case_prefix, demo_case

OVERDUE = 8  # the demo's overdue case of Phường Ea Kao (the eighth filed)
ANSWER = "Tổ dân phố 5 đã thay nắp cống mới và khơi thông đoạn cống bị tắc."


def test_an_editor_answers_an_overdue_case_from_the_inbox(open_page):
    page = open_page()
    sign_in(page, "bientap.eakao")
    card = page.locator("#the-feedback")
    expect(card).to_contain_text("1 quá hạn")
    page.get_by_role("link", name="Phản ánh", exact=True).click()
    expect(page.get_by_role("heading", name="Phản ánh, kiến nghị")).to_be_visible()
    page.get_by_label("Thời hạn").select_option("qua-han")  # htmx: the results follow the filters
    expect(page.locator("#ket-qua")).to_contain_text("1 phản ánh.")
    expect(page).to_have_url("/quan-tri/phan-anh?q=&status=&due=qua-han&category=&area=", ignore_case=True)
    shot(page, "phan-anh-danh-sach", handbook=True)
    page.get_by_role("link", name=demo_case(OVERDUE)).click()
    expect(page.get_by_role("heading", name=f"Phản ánh {demo_case(OVERDUE)}")).to_be_visible()
    expect(page.get_by_text("Cống thoát nước ở tổ dân phố 5 bị vỡ nắp")).to_be_visible()
    page.get_by_role("button", name="Nhận xử lý").click()
    expect(page.get_by_role("status")).to_have_text("Bạn đã nhận xử lý phản ánh.")
    page.get_by_label("Nội dung trả lời").fill(ANSWER)
    shot(page, "phan-anh-tra-loi", handbook=True)
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(page.get_by_role("status")).to_have_text("Đã gửi trả lời cho người dân qua kênh họ đã dùng.")
    timeline = page.locator("section", has=page.get_by_role("heading", name="Diễn biến xử lý"))
    expect(timeline).to_contain_text("Trả lời → Đã trả lời")
    expect(timeline).to_contain_text("bientap.eakao · qua Trang quản trị · người dân thấy")
    sent = page.locator("section", has=page.get_by_role("heading", name="Tin đã gửi cho người dân"))
    expect(sent).to_contain_text(ANSWER)
    shot(page, "phan-anh-da-tra-loi", handbook=True)
    page.goto("/quan-tri/")
    expect(page.locator("#the-feedback")).to_contain_text("0 quá hạn")


def test_a_citizen_on_a_phone_files_feedback_and_checks_it_by_code(open_page):
    page = open_page(PHONE)
    page.goto("/xa/24169")
    page.get_by_role("link", name="Gửi phản ánh").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gửi phản ánh, kiến nghị")
    expect(page.get_by_role("button", name="Hỏi đáp")).to_be_visible()  # the web chat is there too
    page.get_by_label("Việc gì đang xảy ra?").fill("Cây đổ chắn ngang đường vào Buôn Ea Kao sau trận gió tối qua.")
    page.get_by_label("Ở thôn, buôn, tổ dân phố nào?").select_option(label="Buôn Ea Kao")
    page.get_by_label("Lĩnh vực").select_option("infrastructure")
    page.get_by_label("Họ và tên").fill("H'Hen Niê")
    page.get_by_role("textbox", name="Số điện thoại").fill("0905111222")
    page.get_by_label("Tôi đồng ý").check()
    assert not overflows(page)
    shot(page, "cong-thong-tin-gui-phan-anh", handbook=True)
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tiếp nhận phản ánh của bạn.")
    code = page.locator("strong.code").inner_text()
    assert code.startswith(case_prefix())
    assert not overflows(page)
    shot(page, "cong-thong-tin-ma-phan-anh", handbook=True)

    other = open_page(PHONE)  # someone else with the code sees the status, not the person
    other.goto("/tra-cuu")
    other.get_by_label("Mã phản ánh").fill(code.rsplit("-", 1)[1])
    other.get_by_role("button", name="Tra cứu").click()
    expect(other.get_by_role("heading", level=1)).to_have_text(f"Phản ánh {code}")
    expect(other.get_by_text("Đã tiếp nhận", exact=True)).to_be_visible()
    expect(other.get_by_text("H'Hen Niê")).to_have_count(0)
    assert not overflows(other)
    shot(other, "cong-thong-tin-tra-cuu", handbook=True)
