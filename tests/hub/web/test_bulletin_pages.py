"""The day's work on bulletins, on the web pages only: write (with Ê Đê and M'nông texts), send for
approval, approve or reject with a reason, publish, withdraw, revise; the list and its filters."""

from tests.support.demo import APPROVED_CU_MGAR, PUBLISHED_EA_KAO, demo_bulletin
from tests.support.web import post_form, text_of

NEW = {
    "title": "Họp dân Buôn Ea Kao về nước sạch",
    "summary": "Họp lúc 19h00 thứ Sáu tại nhà văn hóa.",
    "body": "Mời đại diện các hộ gia đình Buôn Ea Kao dự họp lúc 19h00 thứ Sáu tại nhà văn hóa buôn.",
    "category": "local_affairs",
    "priority": "normal",
    "targets": ["24169-001"],
    "title_ede": "Klei bi kƀĭn",
    "body_ede": "Jak hlăm ƀuôn nao bi kƀĭn.",
    "title_mnong": "Nau tâm rƀŭn",
    "body_mnong": "Jă phung ƀon lan hăn tâm rƀŭn.",
}


def _compose(me, **changes):
    return post_form(me, "/quan-tri/tin/moi", "/quan-tri/tin/moi", {**NEW, **changes})


def test_write_submit_approve_and_read_the_audit_trail_on_the_web(browser):
    editor = browser("bientap.eakao")
    saved = _compose(editor, _action="submit")
    assert saved.status_code == 200 and "Đã lưu và gửi tin đi duyệt." in text_of(saved.text)
    path = saved.url.path
    page = text_of(saved.text)
    assert "Chờ duyệt" in page and "Tiếng Ê Đê: Klei bi kƀĭn" in page and "Tiếng M’nông: Nau tâm rƀŭn" in page
    assert "Buôn Ea Kao (24169-001)" in page and "Duyệt tin" not in page  # an editor cannot approve

    approver = browser("duyet.eakao")
    assert NEW["title"] in approver.get("/quan-tri/").text  # waiting on the approver's dashboard
    approved = post_form(approver, path, f"{path}/duyet", {"expected_revision": "1"})
    trail = text_of(approved.text)
    assert "Đã duyệt và phát hành tin" in trail and "Đang phát hành" in trail
    for step in ("Tạo tin", "Gửi duyệt tin", "Duyệt tin", "Phát hành tin"):
        assert step in trail
    assert "bientap.eakao · qua Trang quản trị" in trail and "duyet.eakao · qua Trang quản trị" in trail
    assert NEW["title"] in browser().get("/xa/24169").text  # citizens of the ward read it


def test_a_rejection_needs_a_reason_which_the_editor_reads_before_sending_again(browser):
    editor, approver = browser("bientap.eakao"), browser("duyet.eakao")
    path = _compose(editor, _action="submit").url.path
    empty = post_form(approver, path, f"{path}/tu-choi", {"reason": "  "})
    assert empty.status_code == 422 and "Cần ghi rõ lý do từ chối." in text_of(empty.text)
    post_form(approver, path, f"{path}/tu-choi", {"reason": "Ghi rõ địa điểm họp."})
    seen = text_of(editor.get(path).text)
    assert "Bị từ chối" in seen and "Lý do từ chối: Ghi rõ địa điểm họp." in seen
    fixed = post_form(
        editor,
        f"{path}/sua",
        f"{path}/sua",
        {**NEW, "body": NEW["body"] + " Địa điểm: nhà văn hóa.", "_action": "submit"},
    )
    assert "Chờ duyệt" in text_of(fixed.text)


def test_an_approved_bulletin_is_published_early_and_then_withdrawn_with_a_reason(browser, hub):
    meeting = demo_bulletin(hub, APPROVED_CU_MGAR)
    approver = browser("duyet.cumgar")  # approved, starts in three days
    page = approver.get(f"/quan-tri/tin/{meeting}")
    assert "Phát hành ngay" in page.text
    published = post_form(approver, f"/quan-tri/tin/{meeting}", f"/quan-tri/tin/{meeting}/phat-hanh", {})
    assert "Đã phát hành tin." in text_of(published.text)
    withdrawn = post_form(
        approver, f"/quan-tri/tin/{meeting}", f"/quan-tri/tin/{meeting}/thu-hoi", {"reason": "Hoãn họp do mưa lớn."}
    )
    assert "Đã thu hồi" in text_of(withdrawn.text) and "Lý do thu hồi: Hoãn họp do mưa lớn." in text_of(withdrawn.text)


def test_editing_an_approved_bulletin_opens_a_new_revision_to_approve(browser, hub):
    published = demo_bulletin(hub, PUBLISHED_EA_KAO)
    editor = browser("bientap.eakao")  # the bulletin is on air in Ea Kao
    form = editor.get(f"/quan-tri/tin/{published}/sua")
    assert "tạo <strong>phiên bản mới</strong>" in form.text
    data = {"title": "Phòng chống sốt xuất huyết (cập nhật)", "body": "Nội dung mới.", "category": "disaster_emergency"}
    saved = post_form(
        editor,
        f"/quan-tri/tin/{published}/sua",
        f"/quan-tri/tin/{published}/sua",
        {**data, "targets": "24169", "priority": "priority"},
    )
    page = text_of(saved.text)
    assert "Chờ duyệt" in page and "phiên bản 2" in page and "Phiên bản 1" in page


def test_the_form_shows_what_is_wrong_and_keeps_what_was_typed(browser):
    editor = browser("bientap.eakao")
    no_title = _compose(editor, title="")
    assert no_title.status_code == 422 and "Tiêu đề không được để trống." in text_of(no_title.text)
    assert NEW["body"] in no_title.text and 'aria-invalid="true"' in no_title.text
    elsewhere = _compose(editor, targets=["24280"])
    assert elsewhere.status_code == 403 and "Xã Cư M’gar" in text_of(elsewhere.text)
    half = _compose(editor, body_ede="")
    assert "Bản Tiếng Ê Đê cần có cả tiêu đề và nội dung" in text_of(half.text)
    when = _compose(editor, valid_from="ngày mai")
    assert "Thời điểm bắt đầu không đúng định dạng ngày giờ" in text_of(when.text)


def test_the_list_filters_by_status_category_priority_and_text_without_diacritics(browser):
    me = browser("duyet.tinh")
    everything = text_of(me.get("/quan-tri/tin").text)
    assert "9 tin." in everything
    assert "1 tin khớp với “tiem chung”." in text_of(me.get("/quan-tri/tin", params={"q": "tiem chung"}).text)
    rejected = text_of(me.get("/quan-tri/tin", params={"status": "rejected"}).text)
    assert "1 tin." in rejected and "Thông báo thu phí vệ sinh môi trường" in rejected
    urgent = text_of(me.get("/quan-tri/tin", params={"priority": "emergency", "area": "24280"}).text)
    assert "1 tin." in urgent and "Cảnh báo mưa lớn" in urgent
    fragment = me.get("/quan-tri/tin", params={"category": "policy_law"}, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<p class="count">2 tin.')  # htmx gets the results only
    assert "Lĩnh vực" in me.get("/quan-tri/tin", params={"status": "nonsense"}).text  # unknown filters ignored
