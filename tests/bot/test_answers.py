"""Answers found by the words of the question, not by one category: a citizen of Phường Ea Kao asks
about what 30 published bulletins (the ward's, the province's, and another commune's) say, typing
with and without marks, and the best answer comes first with its date and issuing office."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.runtime import runtime_for
from hub.accounts.tables import user_table
from hub.bulletins.categories import Category
from hub.bulletins.model import Bulletin, BulletinTarget, Content, Priority
from hub.kit.time import local, utcnow
from tests.bot.conftest import said, say

CITIZEN = "web-citizen-answers-000000000001"
EA_KAO, PROVINCE, CU_MGAR = "24169", "66", "24280"

RABIES = "Tiêm phòng dại cho chó, mèo"
MEASLES = "Lịch tiêm phòng sởi cho trẻ em"
OTHER_COMMUNE = "Tiêm phòng dại cho chó mèo ở xã Cư M’gar"

# title, text, category, area it is sent to (and issued by), days since publication
BULLETINS = [
    (
        RABIES,
        "Phường tổ chức tiêm phòng bệnh dại cho chó, mèo tại nhà văn hóa các tổ dân phố từ thứ Hai. "
        "Chủ nuôi mang theo sổ tiêm.",
        Category.LOCAL_AFFAIRS,
        EA_KAO,
        1,
    ),
    (MEASLES, "Trạm y tế tiêm vắc xin sởi cho trẻ từ 9 tháng tuổi.", Category.SOCIETY, EA_KAO, 40),
    (
        "Phun thuốc diệt muỗi phòng sốt xuất huyết",
        "Đội y tế phun hóa chất diệt muỗi ở các khu dân cư.",
        Category.SOCIETY,
        EA_KAO,
        5,
    ),
    (
        "Cắt điện để sửa chữa đường dây",
        "Điện lực cắt điện từ 7h đến 11h thứ Bảy tại tổ dân phố 3 để thay dây.",
        Category.LOCAL_AFFAIRS,
        EA_KAO,
        2,
    ),
    (
        "Thu gom rác thải theo lịch mới",
        "Xe thu gom rác chạy sáng thứ Hai, thứ Tư và thứ Sáu.",
        Category.LOCAL_AFFAIRS,
        EA_KAO,
        3,
    ),
    (
        "Tạm ngừng cấp nước sạch",
        "Công ty cấp nước ngừng cung cấp nước sạch hai ngày để súc rửa đường ống.",
        Category.LOCAL_AFFAIRS,
        EA_KAO,
        6,
    ),
    (
        "Đăng ký nghĩa vụ quân sự",
        "Thanh niên đủ 17 tuổi đến ban chỉ huy quân sự phường đăng ký nghĩa vụ quân sự.",
        Category.SECURITY_ORDER,
        EA_KAO,
        10,
    ),
    (
        "Cảnh báo lừa đảo qua điện thoại",
        "Đối tượng giả danh công an gọi điện yêu cầu chuyển tiền. Người dân không chuyển tiền cho người lạ.",
        Category.SECURITY_ORDER,
        EA_KAO,
        4,
    ),
    (
        "Phòng cháy chữa cháy mùa khô",
        "Hộ gia đình kiểm tra bình chữa cháy, không đốt rác gần nhà.",
        Category.DISASTER_EMERGENCY,
        EA_KAO,
        8,
    ),
    (
        "Cảnh báo mưa lớn và lũ quét",
        "Mưa lớn có thể gây ngập úng, sạt lở đất ven suối.",
        Category.DISASTER_EMERGENCY,
        EA_KAO,
        2,
    ),
    (
        "Hỗ trợ hộ nghèo mua bảo hiểm y tế",
        "Hộ nghèo, hộ cận nghèo được hỗ trợ tiền mua thẻ bảo hiểm y tế.",
        Category.POLICY_LAW,
        EA_KAO,
        12,
    ),
    (
        "Chi trả trợ cấp người cao tuổi",
        "Người cao tuổi nhận tiền trợ cấp xã hội tại nhà văn hóa tổ dân phố.",
        Category.SOCIETY,
        EA_KAO,
        3,
    ),
    (
        "Khen thưởng gương người tốt việc tốt",
        "Anh Y Kô trả lại ví tiền nhặt được cho người đánh rơi.",
        Category.EXEMPLARY_PEOPLE,
        EA_KAO,
        15,
    ),
    (
        "Xử phạt lấn chiếm vỉa hè",
        "Đoàn kiểm tra xử phạt các hộ kinh doanh lấn chiếm vỉa hè, lòng đường.",
        Category.VIOLATIONS,
        EA_KAO,
        7,
    ),
    (
        "Giới thiệu cà phê sạch của hợp tác xã",
        "Sản phẩm cà phê rang xay đạt chuẩn OCOP ba sao.",
        Category.PRODUCTS,
        EA_KAO,
        20,
    ),
    (
        "Tuyển sinh lớp một năm học mới",
        "Phụ huynh nộp hồ sơ tuyển sinh vào lớp một tại trường tiểu học.",
        Category.SOCIETY,
        EA_KAO,
        9,
    ),
    (
        "Cấp căn cước cho trẻ em dưới 14 tuổi",
        "Công an phường nhận hồ sơ cấp thẻ căn cước cho trẻ em.",
        Category.POLICY_LAW,
        EA_KAO,
        11,
    ),
    ("Thông báo họp dân", "Họp dân bàn việc sửa đường bê tông ngõ 5.", Category.LOCAL_AFFAIRS, EA_KAO, 1),
    (
        "Hướng dẫn nộp thuế đất phi nông nghiệp",
        "Hạn nộp thuế sử dụng đất phi nông nghiệp là cuối tháng.",
        Category.POLICY_LAW,
        EA_KAO,
        14,
    ),
    (
        "Phòng chống dịch tả lợn châu Phi",
        "Người chăn nuôi tiêm vắc xin cho lợn, không bán chạy lợn bệnh.",
        Category.LOCAL_DEVELOPMENT,
        EA_KAO,
        6,
    ),
    (
        "Tập huấn kỹ thuật trồng sầu riêng",
        "Nông dân đăng ký tập huấn chăm sóc cây sầu riêng, bón phân hợp lý.",
        Category.LOCAL_DEVELOPMENT,
        EA_KAO,
        13,
    ),
    (
        "Lễ hội đua voi và cồng chiêng",
        "Lễ hội tổ chức tại buôn Ea Kao với nhiều hoạt động văn hóa truyền thống.",
        Category.SOCIETY,
        EA_KAO,
        18,
    ),
    (
        "Đổi giấy phép lái xe trực tuyến",
        "Người dân đổi giấy phép lái xe qua cổng dịch vụ công.",
        Category.POLICY_LAW,
        EA_KAO,
        25,
    ),
    (
        "Khám sức khỏe miễn phí cho người cao tuổi",
        "Bệnh viện tỉnh khám sức khỏe miễn phí tại các phường.",
        Category.SOCIETY,
        PROVINCE,
        5,
    ),
    ("Cảnh báo bão số 9", "Bão số 9 gây gió mạnh, mưa to trên toàn tỉnh.", Category.DISASTER_EMERGENCY, PROVINCE, 30),
    (
        "Cho thanh niên vay vốn khởi nghiệp",
        "Ngân hàng chính sách xã hội cho thanh niên vay vốn khởi nghiệp.",
        Category.POLICY_LAW,
        PROVINCE,
        16,
    ),
    (
        "Phòng chống đuối nước cho trẻ em",
        "Phụ huynh không cho trẻ tắm sông, suối, ao hồ.",
        Category.SOCIETY,
        PROVINCE,
        22,
    ),
    (
        "Kiểm tra an toàn thực phẩm",
        "Đoàn liên ngành kiểm tra an toàn vệ sinh thực phẩm tại chợ.",
        Category.SOCIETY,
        PROVINCE,
        4,
    ),
    (OTHER_COMMUNE, "Tiêm phòng bệnh dại cho chó, mèo tại các thôn của xã.", Category.LOCAL_AFFAIRS, CU_MGAR, 0.5),
    (
        "Cắt điện toàn xã Cư M’gar",
        "Cắt điện cả ngày Chủ nhật để thay máy biến áp.",
        Category.LOCAL_AFFAIRS,
        CU_MGAR,
        0.5,
    ),
]

# A question as citizens type it → the title of the bulletin that must come first.
QUESTIONS = [
    ("khi nao tiem phong dai cho cho", RABIES),
    ("khi nào tiêm phòng dại cho chó", RABIES),
    ("co tiem phong cho meo khong", RABIES),
    ("tiem phong dai o dau vay", RABIES),
    ("lịch tiêm dại cho chó mèo", RABIES),
    ("cho hỏi tiêm cho mèo ở đâu", RABIES),
    ("lich tiem soi cho tre", MEASLES),
    ("tiêm sởi cho trẻ ở đâu", MEASLES),
    ("khi nao phun thuoc diet muoi", "Phun thuốc diệt muỗi phòng sốt xuất huyết"),
    ("cho hỏi tin về phun muỗi", "Phun thuốc diệt muỗi phòng sốt xuất huyết"),
    ("khi nao cat dien", "Cắt điện để sửa chữa đường dây"),
    ("lịch cắt điện tuần này", "Cắt điện để sửa chữa đường dây"),
    ("cho hoi tin xe rac", "Thu gom rác thải theo lịch mới"),
    ("cho hoi tin ve lịch thu gom rác", "Thu gom rác thải theo lịch mới"),
    ("khi nao co nuoc sach lai", "Tạm ngừng cấp nước sạch"),
    ("cho hoi tin ve ngung cap nuoc", "Tạm ngừng cấp nước sạch"),
    ("co tin gi moi ve quan su khong", "Đăng ký nghĩa vụ quân sự"),
    ("có tin gì mới về quân sự không", "Đăng ký nghĩa vụ quân sự"),
    ("canh bao lua dao", "Cảnh báo lừa đảo qua điện thoại"),
    ("co tin gi ve nguoi gia danh cong an goi dien khong", "Cảnh báo lừa đảo qua điện thoại"),
    ("cho hoi tin ve phong chay chua chay mua kho", "Phòng cháy chữa cháy mùa khô"),
    ("cho hoi tin ve binh chua chay", "Phòng cháy chữa cháy mùa khô"),
    ("mua lon co lu quet khong", "Cảnh báo mưa lớn và lũ quét"),
    ("cho hoi tin ve sạt lở đất ven suối", "Cảnh báo mưa lớn và lũ quét"),
    ("ho tro bao hiem y te cho ho ngheo", "Hỗ trợ hộ nghèo mua bảo hiểm y tế"),
    ("thẻ bảo hiểm y tế hộ cận nghèo", "Hỗ trợ hộ nghèo mua bảo hiểm y tế"),
    ("bao gio nhan tro cap nguoi cao tuoi", "Chi trả trợ cấp người cao tuổi"),
    ("tiền trợ cấp xã hội", "Chi trả trợ cấp người cao tuổi"),
    ("cho hoi tin ve guong nguoi tot viec tot", "Khen thưởng gương người tốt việc tốt"),
    ("có thông báo gì về lan chiem via he không", "Xử phạt lấn chiếm vỉa hè"),
    ("ca phe sach ocop", "Giới thiệu cà phê sạch của hợp tác xã"),
    ("tuyen sinh lop mot", "Tuyển sinh lớp một năm học mới"),
    ("tuyển sinh vào lớp một", "Tuyển sinh lớp một năm học mới"),
    ("lam can cuoc cho con", "Cấp căn cước cho trẻ em dưới 14 tuổi"),
    ("cấp căn cước cho trẻ", "Cấp căn cước cho trẻ em dưới 14 tuổi"),
    ("hop dan bao gio", "Thông báo họp dân"),
    ("nop thue dat", "Hướng dẫn nộp thuế đất phi nông nghiệp"),
    ("hạn nộp thuế đất phi nông nghiệp", "Hướng dẫn nộp thuế đất phi nông nghiệp"),
    ("dich ta lon chau phi", "Phòng chống dịch tả lợn châu Phi"),
    ("tiêm vắc xin cho lợn", "Phòng chống dịch tả lợn châu Phi"),
    ("cho hoi tin ve tap huan trong sau rieng", "Tập huấn kỹ thuật trồng sầu riêng"),
    ("cho hoi tin ve chăm sóc cây sầu riêng", "Tập huấn kỹ thuật trồng sầu riêng"),
    ("cho hoi tin ve le hoi dua voi", "Lễ hội đua voi và cồng chiêng"),
    ("cho hoi tin ve cồng chiêng", "Lễ hội đua voi và cồng chiêng"),
    ("cho hoi tin ve doi giay phep lai xe", "Đổi giấy phép lái xe trực tuyến"),
    ("cho hoi tin ve đổi bằng lái xe", "Đổi giấy phép lái xe trực tuyến"),
    ("kham suc khoe mien phi", "Khám sức khỏe miễn phí cho người cao tuổi"),
    ("cho hoi tin ve khám sức khỏe cho người già", "Khám sức khỏe miễn phí cho người cao tuổi"),
    ("cho hoi tin ve bão số 9", "Cảnh báo bão số 9"),
    ("cho hoi tin ve vay von khoi nghiep", "Cho thanh niên vay vốn khởi nghiệp"),
    ("cho hoi tin ve thanh niên vay vốn", "Cho thanh niên vay vốn khởi nghiệp"),
    ("cho hoi tin ve phong chong duoi nuoc", "Phòng chống đuối nước cho trẻ em"),
    ("cho hoi tin ve cho tre tam song", "Phòng chống đuối nước cho trẻ em"),
    ("cho hoi tin ve an toan thuc pham", "Kiểm tra an toàn thực phẩm"),
    ("cho hoi tin ve vệ sinh thực phẩm ở chợ", "Kiểm tra an toàn thực phẩm"),
]


@pytest.fixture
def seeded(chat_hub):
    now = utcnow()
    with chat_hub.database.uow() as uow:
        author = uow.session.execute(select(user_table.c.id).order_by(user_table.c.id).limit(1)).scalar_one()
        for title, body, category, code, days in BULLETINS:
            area = uow.areas.get_by_code(code)
            when = now - timedelta(days=days)
            content = Content(title, body, category, Priority.NORMAL, when, (code,))
            bulletin, _ = Bulletin.draft(
                content, [BulletinTarget(area.id, area.code, area.path)], area.id, author, when
            )
            bulletin.submit(when)
            bulletin.approve(author, when)
            bulletin.publish(when)
            uow.bulletins.add(bulletin)
        uow.commit()
    return now


def first_answer(reply: str) -> str:
    match = re.search(r"^• (.+) \((\d\d/\d\d/\d{4}), (.+)\)$", reply, re.MULTILINE)
    assert match, reply
    return match.group(1)


def test_fifty_questions_find_their_bulletin_first(chat, seeded):
    say(chat, CITIZEN, "ea kao")
    wrong = []
    for question, expected in QUESTIONS:
        reply = said(say(chat, CITIZEN, question))
        found = first_answer(reply) if "• " in reply else reply
        if found != expected or OTHER_COMMUNE in reply or "Chưa có tin về" in reply:
            wrong.append((question, expected, found))
    assert len(QUESTIONS) >= 50
    assert wrong == []


def test_the_new_rabies_bulletin_answers_before_the_older_measles_one_with_its_date_and_office(chat, seeded):
    say(chat, CITIZEN, "ea kao")
    for question in ("khi nao tiem phong dai cho cho", "khi nào tiêm phòng dại cho chó"):
        reply = said(say(chat, CITIZEN, question))
        day = local(seeded - timedelta(days=1)).strftime("%d/%m/%Y")
        assert reply.index(f"• {RABIES} ({day}, Phường Ea Kao)") < reply.find(MEASLES) or MEASLES not in reply
        assert OTHER_COMMUNE not in reply  # another commune's bulletin does not reach Ea Kao
    reply = said(say(chat, CITIZEN, "khi nao tiem phong dai cho cho meo khong"))
    assert "Chưa có tin về" not in reply and first_answer(reply) == RABIES


def test_a_bulletin_filed_under_another_category_still_answers(chat, chat_hub, seeded):
    say(chat, CITIZEN, "ea kao")
    parse = runtime_for(chat_hub).understanding.parse("tiêm phòng dại cho chó")
    topics = [e["value"] for e in parse["entities"] if e["entity"] == "topic"]
    assert topics and Category.LOCAL_AFFAIRS.value not in topics  # the question's topic is not the bulletin's category
    assert first_answer(said(say(chat, CITIZEN, "tiêm phòng dại cho chó"))) == RABIES
