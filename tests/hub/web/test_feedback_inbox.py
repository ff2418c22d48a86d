"""The officials' feedback inbox: the list and its filters, one case, the dashboard card, phone
numbers masked by role, citizens' words escaped, and nobody sees another area's cases.

Demo cases (`code(n)`, in filing order): 1 web, Ea Kao, received · 2 Zalo, Cư M’gar village, in progress ·
3 its duplicate · 4 hotline, Ea Kao village, answered · 5 Ea Kao, closed ·
6 Cư M’gar, forwarded out · 7 Cư M’gar, a denunciation · 8 Ea Kao, overdue."""

from datetime import timedelta

from tests.support.clock import demo_case
from tests.support.feedback import EA_KAO, file_direct
from tests.support.web import post_form, text_of


def code(n: int) -> str:
    return demo_case(n)


def listed(html: str) -> list[str]:
    import re

    return re.findall(r'<a href="/quan-tri/phan-anh/(PA-\d{4}-\d{6})"><strong>', html)


def test_the_inbox_lists_the_areas_cases_newest_first_and_filters_them(browser):
    me = browser("bientap.eakao")
    page = me.get("/quan-tri/phan-anh")
    assert page.status_code == 200
    assert listed(page.text) == [code(1), code(4), code(5), code(8)]
    assert 'href="/quan-tri/phan-anh" aria-current="page">Phản ánh<' in page.text  # in the menu
    assert "4 phản ánh." in text_of(page.text)

    def only(**params: str) -> list[str]:
        return listed(me.get("/quan-tri/phan-anh", params=params).text)

    assert only(status="chua-tra-loi") == [code(1), code(8)]
    assert only(status="answered") == [code(4)]
    assert only(due="qua-han") == [code(8)]
    assert only(category="environment") == [code(5), code(8)]
    assert only(area=f"{EA_KAO}-001") == [code(4)]  # a village of the ward
    assert only(q="CONG THOAT NUOC") == [code(8)]  # no diacritics needed
    assert only(mine="1") == []
    me_took = post_form(me, f"/quan-tri/phan-anh/{code(1)}", f"/quan-tri/phan-anh/{code(1)}/nhan", {})
    assert me_took.status_code == 200
    assert only(mine="1") == [code(1)]
    unknown = me.get("/quan-tri/phan-anh", params={"area": "99999"})
    assert "Không tìm thấy địa bàn có mã “99999”" in text_of(unknown.text)


def test_a_case_due_soon_shows_on_the_dashboard_and_under_the_due_filter(browser, hub):
    from hub.kit.time import utcnow

    soon = file_direct(hub, "web", "trinh-duyet-sap-den-han-01", "Ổ gà lớn giữa đường Lê Duẩn.", EA_KAO)
    with hub.database.uow() as uow:  # a deadline tomorrow, as if received days ago
        case = uow.cases.get_by_code(soon)
        case.due_at = utcnow() + timedelta(hours=20)
        uow.commit()
    me = browser("bientap.eakao")
    assert listed(me.get("/quan-tri/phan-anh", params={"due": "sap-den-han"}).text) == [soon]
    card = me.get("/quan-tri/the/feedback", params={"area": EA_KAO})
    shown = text_of(card.text)
    assert "1 quá hạn · 1 sắp đến hạn" in shown and code(8) in shown and soon in shown
    dashboard = text_of(me.get("/quan-tri/").text)
    assert "Phản ánh đến hạn, quá hạn" in dashboard and code(8) in dashboard


def test_pages_of_cases(browser, hub):
    for n in range(30):
        file_direct(hub, "zalo", f"nguoi-dan-trang-{n}", f"Phản ánh số {n} về đèn đường hỏng ở Thôn 2.", EA_KAO)
    me = browser("bientap.eakao")
    first = me.get("/quan-tri/phan-anh")
    assert len(listed(first.text)) == 25 and "Trang 1/2" in text_of(first.text)
    second = me.get("/quan-tri/phan-anh", params={"page": "2"})
    assert len(listed(second.text)) == 34 - 25 and code(8) in listed(second.text)
    partial = me.get("/quan-tri/phan-anh", params={"q": "den duong hong"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "30 phản ánh" in text_of(partial.text)  # htmx: the results only


def test_phone_numbers_are_masked_for_editors_and_shown_to_approvers(browser):
    editor, approver = browser("bientap.eakao"), browser("duyet.eakao")
    for path in ("/quan-tri/phan-anh", f"/quan-tri/phan-anh/{code(4)}"):
        assert "0912***678" in editor.get(path).text and "0912345678" not in editor.get(path).text
        assert "0912345678" in approver.get(path).text
    case = text_of(browser("bientap.cumgar").get(f"/quan-tri/phan-anh/{code(2)}").text)
    assert "Y Khoa Niê · 0905***456 (che bớt theo vai trò)" in case
    assert "0905123456" in browser("duyet.cumgar").get(f"/quan-tri/phan-anh/{code(2)}").text


def test_one_case_shows_the_citizens_words_channel_timeline_and_what_was_sent(browser):
    page = browser("bientap.eakao").get(f"/quan-tri/phan-anh/{code(4)}")
    shown = text_of(page.text)
    assert "Loa truyền thanh ở Buôn Ea Kao phát lúc 5 giờ sáng quá to" in shown
    assert "Kênh gửi Đường dây nóng" in shown and "Buôn Ea Kao (24169-001)" in shown
    assert "Tiếp nhận → Đã tiếp nhận" in shown and "Trả lời → Đã trả lời" in shown
    assert f"Tin đã gửi cho người dân Trả lời phản ánh {code(4)}" in shown
    assert "Soạn trả lời thành tin" in shown and "Gửi trả lời" not in shown  # answered: publish, not answer


def test_a_hotline_case_links_its_recording(browser, hub, settings):
    (settings.var_dir / "feedback" / "recordings").mkdir(parents=True)
    (settings.var_dir / "feedback" / "recordings" / "a.wav").write_bytes(b"RIFF....WAVEfmt ")
    filed = file_direct(hub, "ivr", "0977000111", "", EA_KAO, audio_ref="recordings/a.wav", transcript="duong bi ngap")
    me = browser("bientap.eakao")
    page = me.get(f"/quan-tri/phan-anh/{filed}")
    assert f'<audio controls preload="none" src="/quan-tri/tong-dai/ghi-am/{filed}">' in page.text
    assert "duong bi ngap" in text_of(page.text) and "0977***111" in page.text
    assert me.get(f"/quan-tri/tong-dai/ghi-am/{filed}").content.startswith(b"RIFF")


def test_citizens_words_are_escaped_everywhere_officials_read_them(browser, hub):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)> Đường hỏng'
    filed = file_direct(hub, "web", "trinh-duyet-ke-xau-0001", attack, EA_KAO)
    me = browser("duyet.eakao")
    for path in ("/quan-tri/phan-anh", f"/quan-tri/phan-anh/{filed}", "/quan-tri/the/feedback?area=24169"):
        html = me.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
    detail = me.get(f"/quan-tri/phan-anh/{filed}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in detail


def test_an_official_never_sees_another_areas_cases(browser):
    me = browser("bientap.cumgar")
    mine = listed(me.get("/quan-tri/phan-anh").text)
    assert sorted(mine) == [code(2), code(3), code(6), code(7)]
    assert listed(me.get("/quan-tri/phan-anh", params={"area": EA_KAO}).text) == []
    assert listed(me.get("/quan-tri/phan-anh", params={"q": "cong thoat nuoc"}).text) == []
    refused = me.get(f"/quan-tri/phan-anh/{code(1)}")
    assert refused.status_code == 403 and "ngoài phạm vi địa bàn của bạn" in text_of(refused.text)
    assert "Đèn đường trên đường Y Wang" not in refused.text
    assert code(8) not in me.get("/quan-tri/the/feedback", params={"area": EA_KAO}).text
    answer = post_form(me, "/quan-tri/phan-anh", f"/quan-tri/phan-anh/{code(1)}/tra-loi", {"text": "Đã sửa."})
    assert answer.status_code == 403
    assert "Đã tiếp nhận" in text_of(browser("bientap.eakao").get(f"/quan-tri/phan-anh/{code(1)}").text)
    province = listed(browser("xem.tinh").get("/quan-tri/phan-anh").text)
    assert len(province) == 8  # the province reads every commune's cases


def test_a_viewer_reads_but_is_offered_no_moves(browser):
    page = browser("xem.tinh").get(f"/quan-tri/phan-anh/{code(1)}")
    assert page.status_code == 200 and "Đèn đường trên đường Y Wang" in page.text
    assert "Gửi trả lời" not in page.text and "Nhận xử lý" not in page.text
    refused = post_form(browser("xem.tinh"), "/quan-tri/phan-anh", f"/quan-tri/phan-anh/{code(1)}/nhan", {})
    assert refused.status_code == 403


def test_every_form_needs_the_csrf_token(browser, client, login):
    me = browser("duyet.eakao")
    for verb, data in (("tra-loi", {"text": "Trả lời giả"}), ("nhan", {}), ("tu-choi", {"reason": "x"})):
        refused = me.post(f"/quan-tri/phan-anh/{code(1)}/{verb}", data=data)
        assert refused.status_code == 403 and "Biểu mẫu đã quá hạn" in text_of(refused.text)
    after = client.get(f"/api/v1/feedback/{code(1)}", headers=login("duyet.eakao")).json()
    assert after["status"] == "received" and after["timeline"][-1]["action"] == "receive"
    page = me.get(f"/quan-tri/phan-anh/{code(1)}").text
    assert page.count('name="csrf_token"') >= page.count('<form method="post"')


def test_the_case_page_says_how_an_answer_reached_the_citizen_after_the_chat_window(browser, hub):
    from hub.kit.time import utcnow
    from hub.messaging import service as messaging
    from hub.messaging.model import Kind

    with hub.database.uow() as uow:
        case = uow.cases.get_by_code(code(2))
        contact = uow.contacts.get(case.contact_id)
        by_zns = messaging.queue(uow, "Trả lời qua ZNS.", Kind.ANSWER, contact=contact, reference=code(2))
        waiting = messaging.queue(uow, "Trả lời đang chờ.", Kind.ANSWER, contact=contact, reference=code(2))
        why = "ngoài khung 7 ngày được phép nhắn tin của Zalo OA"
        by_zns.rerouted("zns", "zns-1", f"{why}; đã gửi qua Zalo ZNS", utcnow())
        waiting.wait_for_citizen(f"{why}; chờ người dân nhắn tin lại hoặc tra cứu phản ánh", utcnow())
        uow.commit()
    shown = text_of(browser("bientap.cumgar").get(f"/quan-tri/phan-anh/{code(2)}").text)
    assert "Trả lời qua ZNS." in shown and "Zalo ZNS (tin theo mẫu tới số điện thoại) · Đã gửi" in shown
    assert "đã gửi qua Zalo ZNS" in shown
    assert "Zalo · Lưu chờ người nhận xem · ngoài khung 7 ngày" in shown and "chờ người dân nhắn tin lại" in shown
