"""The essential-information categories of Decree 49/2024/NĐ-CP (requirements-vn.md item 13).

`source_topic` is the nearest `LinhVuc` code of the de facto source-system format
(1 general, 2 unscheduled/urgent, 3 Party/State policy and law, 4 local directives,
5 science/economy/culture/society, 6 exemplary people).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    POLICY_LAW = "policy_law"
    LOCAL_AFFAIRS = "local_affairs"
    LOCAL_DEVELOPMENT = "local_development"
    SOCIETY = "society"
    SECURITY_ORDER = "security_order"
    DISASTER_EMERGENCY = "disaster_emergency"
    EXEMPLARY_PEOPLE = "exemplary_people"
    VIOLATIONS = "violations"
    PRODUCTS = "products"


@dataclass(frozen=True)
class CategoryInfo:
    code: Category
    label: str
    source_topic: int


CATEGORIES: dict[Category, CategoryInfo] = {
    info.code: info
    for info in (
        CategoryInfo(Category.POLICY_LAW, "Chủ trương của Đảng, chính sách, pháp luật của Nhà nước", 3),
        CategoryInfo(Category.LOCAL_AFFAIRS, "Quy định, chủ trương, sự kiện của địa phương", 4),
        CategoryInfo(Category.LOCAL_DEVELOPMENT, "Chương trình, dự án phát triển địa phương", 4),
        CategoryInfo(Category.SOCIETY, "Chính trị, kinh tế, văn hóa, xã hội, khoa học, kỹ thuật", 5),
        CategoryInfo(Category.SECURITY_ORDER, "An ninh, trật tự, an toàn xã hội", 1),
        CategoryInfo(Category.DISASTER_EMERGENCY, "Phòng, chống thiên tai, hỏa hoạn, sự cố, dịch bệnh", 2),
        CategoryInfo(Category.EXEMPLARY_PEOPLE, "Gương người tốt, việc tốt, điển hình tiên tiến", 6),
        CategoryInfo(Category.VIOLATIONS, "Cảnh báo hành vi vi phạm pháp luật", 1),
        CategoryInfo(Category.PRODUCTS, "Sản phẩm, hàng hóa, dịch vụ của địa phương", 5),
    )
}
