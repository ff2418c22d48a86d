"""Demo feedback cases in every state, filed and handled through the services like real ones."""

from __future__ import annotations

from datetime import timedelta

from hub.accounts import service as accounts
from hub.accounts.model import Principal
from hub.contacts import service as contacts
from hub.contacts.model import Contact
from hub.db.uow import UnitOfWork
from hub.feedback import notify, service
from hub.feedback.config import default_config
from hub.feedback.intake import filing
from hub.kit.time import utcnow

EA_KAO, CU_MGAR = "24169", "24280"


def seed_feedback(uow: UnitOfWork) -> None:
    config = default_config()
    now = utcnow()

    def citizen(channel: str, sender: str, name: str = "", phone: str = "", *, days_ago: int = 0) -> Contact:
        contact = contacts.identify(uow, channel, sender, now=now - timedelta(days=days_ago))
        if name:
            contacts.record_consent(uow, contact, True, name=name, phone=phone or None)
        return contact

    def file(contact: Contact, text: str, area: str, category: str, *, days_ago: int = 0) -> str:
        filed = filing.file_case(
            uow, config, contact, text, area_code=area, category=category, now=now - timedelta(days=days_ago)
        )
        assert filed.case.code is not None  # numbered on intake
        return filed.case.code

    def official(username: str) -> Principal:
        return accounts.principal_for_user(uow, username, "cli")

    # Received on the web, waiting for the ward.
    file(
        citizen("web", "demo-web-browser-0001"),
        "Đèn đường trên đường Y Wang đoạn gần chợ Ea Kao bị tắt gần một tuần, buổi tối rất tối, dễ xảy ra tai nạn.",
        EA_KAO,
        "infrastructure",
    )
    # In progress, from Zalo, in a village of Cư M’gar.
    flood = file(
        citizen("zalo", "demo-zalo-4411", "Y Khoa Niê", "0905123456", days_ago=2),
        "Đường liên thôn ở Thôn 3 bị ngập nước sau mưa, xe máy không đi qua được, đề nghị xã khơi thông cống.",
        f"{CU_MGAR}-002",
        "infrastructure",
        days_ago=2,
    )
    service.assign(uow, official("duyet.cumgar"), flood, "bientap.cumgar")
    service.start(uow, official("bientap.cumgar"), flood)
    # The same problem from another citizen: officials see it suggested as a duplicate.
    file(
        citizen("zalo", "demo-zalo-5522"),
        "nuoc ngap duong thon 3 may ngay nay ko di dc, cong bi tac",
        f"{CU_MGAR}-002",
        "infrastructure",
        days_ago=1,
    )
    # Answered, from a hotline caller: the answer waits for the caller's status check (no SMS gateway).
    loud = file(
        citizen("ivr", "0912345678", days_ago=3),
        "Loa truyền thanh ở Buôn Ea Kao phát lúc 5 giờ sáng quá to, người già và trẻ nhỏ bị ảnh hưởng.",
        f"{EA_KAO}-001",
        "broadcast",
        days_ago=3,
    )
    service.answer(
        uow,
        official("duyet.eakao"),
        loud,
        "UBND phường đã điều chỉnh âm lượng cụm loa Buôn Ea Kao và dời giờ phát buổi sáng sang 6 giờ 00.",
    )
    # Closed after the answer.
    trash = file(
        citizen("web", "demo-web-browser-0002", days_ago=12),
        "Điểm tập kết rác cạnh trường tiểu học chưa được thu gom ba ngày, bốc mùi.",
        EA_KAO,
        "environment",
        days_ago=12,
    )
    service.answer(uow, official("bientap.eakao"), trash, "Đơn vị vệ sinh môi trường đã thu gom và tăng tần suất.")
    service.close(uow, official("bientap.eakao"), trash)
    # Not the commune's remit: forwarded to the power company, the citizen is told.
    power = file(
        citizen("zalo", "demo-zalo-6633", "Nguyễn Văn Bình", "0987654321"),
        "Cột điện trước nhà số 12 bị nghiêng sau giông, dây điện võng thấp rất nguy hiểm.",
        CU_MGAR,
        "infrastructure",
    )
    service.forward(
        uow,
        config,
        official("duyet.cumgar"),
        power,
        "Lưới điện do ngành điện quản lý.",
        unit="Công ty Điện lực Đắk Lắk",
    )
    # Flagged by intake as a possible denunciation, for an official to confirm.
    file(
        citizen("web", "demo-web-browser-0003"),
        "Tôi muốn tố cáo cán bộ địa chính xã có dấu hiệu sách nhiễu, đòi tiền khi làm hồ sơ đất.",
        CU_MGAR,
        "land_construction",
    )
    # Overdue: received three weeks ago and never answered; the sweep flags and escalates it.
    file(
        citizen("web", "demo-web-browser-0004", days_ago=21),
        "Cống thoát nước ở tổ dân phố 5 bị vỡ nắp, nước thải tràn ra đường.",
        EA_KAO,
        "environment",
        days_ago=21,
    )
    notify.sweep(uow, config)
