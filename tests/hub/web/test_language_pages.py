"""Issue 15, sections 3 and 4 in the officials' web app: the languages page, "Nghe thử" on the compose
and approval pages (progress, the spoken text, a link to the lexicon), and a bulletin's languages
on its page (upload a recording; "chỉ phát tiếng Việt" until it is there, on the dashboard too)."""

from __future__ import annotations

import re
import time

from sqlalchemy import update

from hub.jobs.tables import job_table
from hub.jobs.worker import Worker
from tests.support.web import post_form, text_of, token_of
from voice.audio import write
from voice.tts import make_engine

PAGE = "/quan-tri/ngon-ngu-phat"
EA_KAO = "24169"


def _drain(hub) -> None:
    worker = Worker(hub)
    for _ in range(50):
        worker.drain()
        with hub.database.uow(write=False) as uow:
            if not uow.jobs.counts().get("queued"):
                return


def _quiet_demo_audio(hub) -> None:
    with hub.database.uow() as uow:  # the demo's own audio is not what these tests are about
        uow.session.execute(update(job_table).where(job_table.c.kind == "audio.render").values(status="done"))
        uow.commit()


def _listen(me, data: dict[str, str], timeout: float = 120) -> str:
    """Press "Nghe thử" and follow the page's polling until the preview is ready (or fails)."""
    token = token_of(me.get("/quan-tri/tin/moi").text)
    fragment = me.post("/quan-tri/nghe-thu", data=data, headers={"X-CSRF-Token": token, "HX-Request": "true"}).text
    deadline = time.monotonic() + timeout
    while 'hx-trigger="load delay:1s"' in fragment:
        assert time.monotonic() < deadline, "the preview never finished"
        key = re.search(r'hx-get="/quan-tri/nghe-thu/([0-9a-f]{64})"', fragment).group(1)
        fragment = me.get(f"/quan-tri/nghe-thu/{key}", headers={"HX-Request": "true"}).text
    return fragment


def test_an_approver_sets_the_order_of_languages_an_editor_only_reads_it(browser):
    approver = browser("duyet.eakao")
    page = approver.get(PAGE, params={"xa": EA_KAO})
    assert page.status_code == 200 and "Lưu thứ tự phát" in page.text
    assert "Đang phát: tiếng Việt (mặc định)" in text_of(page.text)

    refused = post_form(approver, PAGE, PAGE, {"area_code": EA_KAO, "pos_ede": "1"})
    assert refused.status_code == 422 and "phải có tiếng Việt" in text_of(refused.text)
    saved = post_form(approver, PAGE, PAGE, {"area_code": EA_KAO, "pos_vi": "1", "pos_ede": "2", "pos_mnong": "0"})
    shown = text_of(saved.text)
    assert "Đã lưu: loa Phường Ea Kao phát lần lượt tiếng Việt, tiếng Ê Đê." in shown
    assert "Đang phát: tiếng Việt → tiếng Ê Đê" in shown

    editor = browser("bientap.eakao")
    seen = editor.get(PAGE)
    assert "tiếng Việt → tiếng Ê Đê" in text_of(seen.text) and "Lưu thứ tự phát" not in seen.text
    posted = post_form(editor, PAGE, PAGE, {"area_code": EA_KAO, "pos_vi": "1"})
    assert posted.status_code == 403
    other = post_form(approver, PAGE, PAGE, {"area_code": "24280", "pos_vi": "1", "pos_ede": "2"})
    assert other.status_code == 403 and "Cư M" in text_of(other.text)


def test_nghe_thu_on_the_compose_page_shows_the_spoken_text_and_a_lexicon_link(browser):
    me = browser("bientap.eakao")
    compose = me.get("/quan-tri/tin/moi").text
    assert 'hx-post="/quan-tri/nghe-thu"' in compose and "Nghe thử" in compose

    title = "Họp dân về đường liên thôn"
    body = " ".join([f"Ngày 20/01, UBND phường họp lúc 7h30 tại nhà văn hóa tổ {n}." for n in range(1, 9)])
    fragment = _listen(me, {"title": title, "body": body})
    shown = text_of(fragment)
    assert "Máy sẽ đọc" in shown and "bảy giờ ba mươi phút" in shown and "ủy ban nhân dân" in shown
    assert 'href="/quan-tri/tu-dien-cach-doc"' in fragment and "thêm cách đọc vào từ điển" in shown
    src = re.search(r'<audio controls[^>]* src="([^"]+)"', fragment).group(1)
    audio = me.get(src)
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg" and len(audio.content) > 1000

    again = _listen(me, {"title": title, "body": body})  # the same text: ready at once, from the cache
    assert 'hx-trigger="load delay:1s"' not in again and src in again
    empty = _listen(me, {"title": "", "body": "  "})
    assert "Hãy nhập tiêu đề hoặc nội dung để nghe thử." in text_of(empty)
    viewer = _listen(browser("xem.tinh"), {"title": title, "body": body})
    assert "vai trò" in text_of(viewer)  # a viewer does not synthesise anything


def test_long_texts_show_progress_while_they_are_made(browser):
    me = browser("duyet.eakao")  # approvers hear a bulletin before approving it
    token = token_of(me.get("/quan-tri/").text)
    body = " ".join(f"Câu thông báo số {n} gửi tới bà con trong tổ dân phố." for n in range(1, 40))
    first = me.post("/quan-tri/nghe-thu", data={"title": "Thông báo dài", "body": body},
                    headers={"X-CSRF-Token": token, "HX-Request": "true"}).text  # fmt: skip
    assert "<progress" in first and "Đang tạo âm thanh" in first and "Máy sẽ đọc" in text_of(first)
    assert "bà con trong tổ dân phố" in first  # the spoken text is shown while the audio is made
    assert "Máy sẽ đọc" in text_of(_listen(me, {"title": "Thông báo dài", "body": body}))


def test_a_bulletin_page_shows_its_languages_and_takes_a_recording(browser, hub, tmp_path):
    _quiet_demo_audio(hub)
    approver, editor = browser("duyet.eakao"), browser("bientap.eakao")
    post_form(approver, PAGE, PAGE, {"area_code": EA_KAO, "pos_vi": "1", "pos_ede": "2"})
    form = {"title": "Tiêm phòng cho trâu bò", "body": "Sáng thứ bảy cán bộ thú y đến từng buôn.",
            "category": "local_affairs", "priority": "normal", "targets": EA_KAO,
            "title_ede": "Klei mđar", "body_ede": "Klei mđar kơ ană buôn.", "_action": "submit"}  # fmt: skip
    created = post_form(editor, "/quan-tri/tin/moi", "/quan-tri/tin/moi", form)
    bid = int(re.search(r"Tin số (\d+)", text_of(created.text)).group(1))
    post_form(approver, f"/quan-tri/tin/{bid}", f"/quan-tri/tin/{bid}/duyet", {})
    _drain(hub)

    page = text_of(approver.get(f"/quan-tri/tin/{bid}").text)
    assert "Âm thanh và ngôn ngữ" in page and "Tin này chỉ phát tiếng Việt tại Phường Ea Kao" in page
    assert "Bản tiếng Ê Đê — Cần tải lên bản ghi âm" in page
    assert "Tiêm phòng cho trâu bò" in text_of(approver.get("/quan-tri/").text.split("Tin chỉ phát tiếng Việt")[1])

    page = editor.get(f"/quan-tri/tin/{bid}").text
    assert 'action="/quan-tri/am-thanh/' in page and "data-recorder" in page
    empty = editor.post(f"/quan-tri/am-thanh/{bid}/ban-ghi", data={"csrf_token": token_of(page), "lang": "ede"})
    assert empty.status_code == 422 and "Hãy chọn tệp ghi âm" in text_of(empty.text)
    voice = write(make_engine("espeak").synthesize("Ama H'Linh thông báo."), tmp_path / "ede.webm", "opus")
    sent = editor.post(
        f"/quan-tri/am-thanh/{bid}/ban-ghi",
        data={"csrf_token": token_of(page), "lang": "ede"},
        files={"file": ("ghi-am.webm", voice.read_bytes(), "audio/webm")},
    )
    assert "Đã nhận bản ghi âm tiếng Ê Đê" in text_of(sent.text)
    _drain(hub)
    page = editor.get(f"/quan-tri/tin/{bid}").text
    assert "Tin này chỉ phát tiếng Việt" not in page and f'src="/quan-tri/am-thanh/{bid}/ede"' in page
    heard = editor.get(f"/quan-tri/am-thanh/{bid}/ede")
    assert heard.status_code == 200 and heard.headers["content-type"] == "audio/mpeg"


def test_a_submitted_bulletin_whose_audio_is_not_made_yet_says_it_is_waiting(browser, hub):
    _quiet_demo_audio(hub)
    editor = browser("bientap.eakao")
    form = {"title": "Lịch cắt điện thôn 3", "body": "Sáng chủ nhật cắt điện để sửa đường dây.",
            "category": "local_affairs", "priority": "normal", "targets": EA_KAO, "_action": "submit"}  # fmt: skip
    created = post_form(editor, "/quan-tri/tin/moi", "/quan-tri/tin/moi", form)
    bid = int(re.search(r"Tin số (\d+)", text_of(created.text)).group(1))
    page = text_of(editor.get(f"/quan-tri/tin/{bid}").text)  # sent for approval; no job has run yet
    assert "Bản tiếng Việt — Đang chờ tạo âm thanh" in page and "tin chưa gửi duyệt" not in page
