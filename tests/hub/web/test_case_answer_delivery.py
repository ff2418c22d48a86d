"""The case page says on which channel the answer went out to the citizen and whether it arrived
(issue 18, item 10)."""

from __future__ import annotations

from sqlalchemy import select

from hub.messaging.tables import message_table
from tests.support.feedback import file_direct
from tests.support.web import text_of


def _delivery(browser, code: str) -> str:
    page = browser("duyet.eakao").get(f"/quan-tri/phan-anh/{code}")
    assert page.status_code == 200
    start = page.text.index('id="tra-loi-gui"')
    return text_of(page.text[start : page.text.index("</ul>", start)])


def test_the_case_page_shows_the_answers_channel_and_delivery(hub, client, login, browser) -> None:
    code = file_direct(hub, "web", "delivery-page-0001", "Đèn đường ở ngõ 5 bị hỏng đã lâu, đề nghị sửa.")
    answered = client.post(
        f"/api/v1/feedback/{code}/answer", json={"text": "Phường đã sửa đèn."}, headers=login("duyet.eakao")
    )
    assert answered.status_code == 200, answered.text
    with hub.database.uow(write=False) as uow:
        channel, status = uow.session.execute(
            select(message_table.c.channel, message_table.c.status).where(
                message_table.c.reference == code, message_table.c.kind == "answer"
            )
        ).one()
    shown = _delivery(browser, code)
    assert channel == "web" and "Gửi người dân qua Trang web" in shown, shown
    label = {"queued": "Đang chờ gửi", "kept": "Lưu chờ người nhận xem", "sent": "Đã gửi"}[str(status)]
    assert label in shown

    with hub.database.uow() as uow:  # the delivery failed: the page says so, with the reason
        uow.session.execute(
            message_table.update()
            .where(message_table.c.reference == code)
            .values(status="failed", last_error="Zalo: người nhận đã chặn OA")
        )
        uow.commit()
    assert "Gửi lỗi (Zalo: người nhận đã chặn OA)" in _delivery(browser, code)
