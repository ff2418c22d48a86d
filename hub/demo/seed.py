"""The demo province: a living Đắk Lắk with officials, villages, bulletins and feedback cases in
every state.

Everything goes through the service layer, so the demo's audit trail is real. Seeding twice does
nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hub.accounts import service as accounts
from hub.accounts.model import Principal, Role
from hub.areas import service as areas
from hub.bulletins import service as bulletins
from hub.bulletins.categories import Category
from hub.bulletins.model import Content, Priority
from hub.db.uow import UnitOfWork
from hub.demo.feedback import seed_feedback
from hub.kit.time import VN_TZ, utcnow

EA_KAO, CU_MGAR, HOA_PHU, PROVINCE = "24169", "24280", "24175", "66"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    area_code: str


DEMO_USERS = (
    DemoUser("bientap.eakao", "Nguyễn Thị Hoa", Role.EDITOR, EA_KAO),
    DemoUser("duyet.eakao", "Y Bhim Niê", Role.APPROVER, EA_KAO),
    DemoUser("vanhanh.eakao", "Trần Văn Nam", Role.DEVICE_OPERATOR, EA_KAO),
    DemoUser("bientap.cumgar", "H’Linh Mlô", Role.EDITOR, CU_MGAR),
    DemoUser("duyet.cumgar", "Lê Văn Sơn", Role.APPROVER, CU_MGAR),
    DemoUser("bientap.tinh", "Phạm Minh Tuấn", Role.EDITOR, PROVINCE),
    DemoUser("duyet.tinh", "Đỗ Thị Lan", Role.APPROVER, PROVINCE),
    DemoUser("xem.tinh", "Hoàng Văn Bình", Role.VIEWER, PROVINCE),
)

VILLAGES = (
    (EA_KAO, "Buôn Ea Kao", "buôn"),
    (EA_KAO, "Thôn 1", "thôn"),
    (EA_KAO, "Thôn 2", "thôn"),
    (CU_MGAR, "Buôn Ea Pốk", "buôn"),
    (CU_MGAR, "Thôn 3", "thôn"),
)

# Former units as a demo of aliases (officials add the real ones for their province).
ALIASES = (("Thành phố Buôn Ma Thuột (cũ)", ["24133", "24163", "24121", "24154", EA_KAO, HOA_PHU]),)


def seed_demo(uow: UnitOfWork, password: str) -> dict[str, str] | None:
    """Create the demo officials, bulletins and devices; the devices' tokens (IMEI → token, random,
    shown only here), or None if the demo exists already."""
    if uow.users.get_by_username(DEMO_USERS[0].username) is not None:
        return None
    system = Principal.system("cli")
    for commune, name, kind in VILLAGES:
        areas.add_village(uow, system, commune, name, kind)
    for alias, codes in ALIASES:
        areas.add_alias(uow, system, alias, codes, note="Dữ liệu mẫu")
    for u in DEMO_USERS:
        accounts.create_user(uow, system, u.username, u.full_name, password, [(u.role, u.area_code)])
    uow.session.flush()
    _bulletins(uow)
    seed_feedback(uow)
    from hub.demo.devices import seed_devices

    return seed_devices(uow)


def _as(uow: UnitOfWork, username: str) -> Principal:
    return accounts.principal_for_user(uow, username, "cli")


def _content(
    title: str,
    body: str,
    category: Category,
    targets: list[str],
    *,
    priority: Priority = Priority.NORMAL,
    start_in: timedelta = timedelta(0),
    lasts: timedelta = timedelta(days=14),
    summary: str = "",
) -> Content:
    start = utcnow() + start_in
    return Content(
        title=title,
        body=body,
        summary=summary,
        category=category,
        priority=priority,
        valid_from=start,
        valid_until=start + lasts,
        target_codes=tuple(targets),
    )


def _bulletins(uow: UnitOfWork) -> None:
    editor_ek, approver_ek = _as(uow, "bientap.eakao"), _as(uow, "duyet.eakao")
    editor_cm, approver_cm = _as(uow, "bientap.cumgar"), _as(uow, "duyet.cumgar")
    editor_p, approver_p = _as(uow, "bientap.tinh"), _as(uow, "duyet.tinh")

    def made(principal: Principal, content: Content) -> int:
        return bulletins.create(uow, principal, content).id

    # Dates in the texts follow the day the demo is seeded, so a demo installed next year reads as new.
    today = utcnow().astimezone(VN_TZ).date()

    def day(days: int, year: bool = True) -> str:
        return f"{today + timedelta(days=days):%d/%m/%Y}" if year else f"{today + timedelta(days=days):%d/%m}"

    # Published, province-wide.
    b = made(
        editor_p,
        _content(
            "Lịch tiêm chủng mở rộng cho trẻ từ 1 đến 5 tuổi",
            f"Trung tâm Y tế thông báo: từ ngày {day(0, year=False)} đến {day(14)}, các trạm y tế xã, phường tổ "
            "chức tiêm vắc xin sởi – rubella cho trẻ từ 1 đến 5 tuổi, từ 7h30 đến 11h00 các buổi sáng thứ Ba và "
            "thứ Năm. Phụ huynh mang theo sổ tiêm chủng và căn cước công dân.",
            Category.SOCIETY,
            [PROVINCE],
            summary=f"Tiêm vắc xin sởi – rubella cho trẻ 1–5 tuổi từ {day(0, year=False)} đến {day(14, year=False)}.",
        ),
    )
    bulletins.submit(uow, editor_p, b)
    bulletins.approve(uow, approver_p, b)

    # Published, priority, one ward.
    b = made(
        editor_ek,
        _content(
            "Phòng chống sốt xuất huyết trong mùa mưa",
            "UBND phường Ea Kao đề nghị các hộ gia đình đậy kín dụng cụ chứa nước, thả cá diệt lăng quăng, "
            "dọn vệ sinh vật dụng phế thải quanh nhà vào sáng Chủ nhật hằng tuần. Khi có sốt cao liên tục, "
            "đến ngay trạm y tế, không tự ý điều trị tại nhà.",
            Category.DISASTER_EMERGENCY,
            [EA_KAO],
            priority=Priority.PRIORITY,
        ),
    )
    bulletins.submit(uow, editor_ek, b)
    bulletins.approve(uow, approver_ek, b)

    # Published, a village.
    b = made(
        editor_ek,
        _content(
            "Thông báo tạm ngừng cấp điện để bảo dưỡng đường dây",
            f"Điện lực thông báo tạm ngừng cấp điện khu vực Buôn Ea Kao từ 7h00 đến 16h30 ngày {day(2)} "
            "để bảo dưỡng đường dây. Mong bà con thông cảm và chủ động sắp xếp công việc.",
            Category.LOCAL_AFFAIRS,
            [f"{EA_KAO}-001"],
        ),
    )
    bulletins.submit(uow, editor_ek, b)
    bulletins.approve(uow, approver_ek, b)

    # Approved, starts in three days.
    b = made(
        editor_cm,
        _content(
            "Họp dân bàn kế hoạch làm đường giao thông nông thôn",
            "Mời đại diện các hộ gia đình Thôn 3 dự họp lúc 19h00 tại nhà văn hóa thôn để bàn kế hoạch "
            "bê tông hóa 1,2 km đường liên thôn theo phương châm Nhà nước và nhân dân cùng làm.",
            Category.LOCAL_DEVELOPMENT,
            [CU_MGAR],
            start_in=timedelta(days=3),
        ),
    )
    bulletins.submit(uow, editor_cm, b)
    bulletins.approve(uow, approver_cm, b)

    # Submitted, waiting for the ward's approver.
    b = made(
        editor_ek,
        _content(
            "Hướng dẫn rà soát hộ nghèo, hộ cận nghèo",
            f"Các hộ có nhu cầu đăng ký rà soát hộ nghèo, hộ cận nghèo năm {today.year + 1} nộp giấy đề nghị tại bộ "
            f"phận một cửa UBND phường trước ngày {day(18)}. Mẫu giấy được phát tại nhà văn hóa các buôn, thôn.",
            Category.POLICY_LAW,
            [EA_KAO],
        ),
    )
    bulletins.submit(uow, editor_ek, b)

    # Draft.
    made(
        editor_ek,
        _content(
            "Vận động tham gia bảo hiểm y tế hộ gia đình",
            "Bảo hiểm y tế là chính sách an sinh xã hội quan trọng. Người dân tham gia BHYT hộ gia đình được "
            "giảm mức đóng từ người thứ hai trở đi.",
            Category.POLICY_LAW,
            [EA_KAO],
        ),
    )

    # Rejected with a reason.
    b = made(
        editor_cm,
        _content(
            "Thông báo thu phí vệ sinh môi trường",
            f"Thu phí vệ sinh môi trường năm {today.year + 1}.",
            Category.LOCAL_AFFAIRS,
            [CU_MGAR],
        ),
    )
    bulletins.submit(uow, editor_cm, b)
    bulletins.reject(uow, approver_cm, b, "Cần ghi rõ mức thu theo nghị quyết của HĐND tỉnh và thời hạn nộp.")

    # Withdrawn after publication.
    b = made(
        editor_p,
        _content(
            "Lịch sửa chữa cầu tràn Hòa Phú",
            f"Cầu tràn trên tỉnh lộ đi Hòa Phú tạm cấm phương tiện từ ngày {day(1)} để sửa chữa.",
            Category.LOCAL_AFFAIRS,
            [HOA_PHU],
        ),
    )
    bulletins.submit(uow, editor_p, b)
    bulletins.approve(uow, approver_p, b)
    bulletins.withdraw(uow, approver_p, b, "Nhà thầu lùi thời gian thi công; sẽ thông báo lịch mới.")

    # An emergency that has run its course.
    b = bulletins.issue_emergency(
        uow,
        approver_p,
        _content(
            "Cảnh báo mưa lớn, nguy cơ lũ quét và sạt lở đất",
            "Do ảnh hưởng của áp thấp nhiệt đới, từ chiều nay đến hết ngày mai có mưa to đến rất to. Người dân "
            "vùng trũng thấp, ven sông suối không đi qua ngầm tràn, chủ động di dời tài sản đến nơi an toàn.",
            Category.DISASTER_EMERGENCY,
            [CU_MGAR, EA_KAO],
            priority=Priority.EMERGENCY,
            start_in=-timedelta(days=10),
            lasts=timedelta(days=2),
        ),
    ).id
    bulletins.sweep(uow)
