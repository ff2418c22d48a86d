"""Feedback categories: what a citizen's feedback is about, and how long the answer may take.

The legal deadlines were not confirmed for every kind of feedback (requirements-vn.md item 19), so
each category carries its own deadline in working days, and a province replaces the list with a
JSON file (`TTCS_FEEDBACK_CATEGORIES_FILE`):

    [{"code": "infrastructure", "label": "Hạ tầng, giao thông, điện, nước", "days": 10,
      "anonymous": true, "description": "…", "keywords": ["đường", "điện"]}, …]

`anonymous: false` means the citizen must leave a name and phone number (feedback on
administrative procedures under Decree 20/2008 names its sender).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from hub.kit.errors import ConfigurationError, InvalidInput

OTHER = "other"
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


@dataclass(frozen=True)
class FeedbackCategory:
    code: str
    label: str
    days: int
    anonymous: bool = True
    description: str = ""
    keywords: tuple[str, ...] = ()


DEFAULT_CATEGORIES = (
    FeedbackCategory(
        "infrastructure",
        "Hạ tầng, giao thông, điện, nước",
        10,
        description="Đường sá, cầu cống, đèn đường, điện, nước sinh hoạt.",
        keywords=("đường", "cầu", "cống", "điện", "nước", "ổ gà", "ngập"),
    ),
    FeedbackCategory(
        "environment",
        "Môi trường, vệ sinh, rác thải",
        10,
        description="Rác thải, ô nhiễm, tiếng ồn, vệ sinh công cộng.",
        keywords=("rác", "ô nhiễm", "mùi hôi", "tiếng ồn", "khói"),
    ),
    FeedbackCategory(
        "security_order",
        "An ninh, trật tự, an toàn xã hội",
        5,
        description="Trộm cắp, gây rối, tụ tập, an toàn giao thông.",
        keywords=("trộm", "gây rối", "đánh nhau", "cờ bạc", "ma túy"),
    ),
    FeedbackCategory(
        "land_construction",
        "Đất đai, xây dựng",
        15,
        description="Lấn chiếm đất, xây dựng trái phép, giấy chứng nhận quyền sử dụng đất.",
        keywords=("đất", "lấn chiếm", "xây dựng", "sổ đỏ"),
    ),
    FeedbackCategory(
        "social_policy",
        "Chính sách xã hội, y tế, giáo dục",
        10,
        description="Hộ nghèo, trợ cấp, bảo hiểm y tế, trường học, trạm y tế.",
        keywords=("hộ nghèo", "trợ cấp", "bảo hiểm", "trường", "y tế"),
    ),
    FeedbackCategory(
        "administrative_procedure",
        "Thủ tục hành chính",
        10,
        anonymous=False,
        description="Phản ánh, kiến nghị về quy định và thủ tục hành chính (cần họ tên, số điện thoại).",
        keywords=("thủ tục", "hồ sơ", "giấy tờ", "một cửa"),
    ),
    FeedbackCategory(
        "broadcast",
        "Loa truyền thanh, bảng tin",
        5,
        description="Loa không phát, phát sai giờ, âm lượng, bảng tin điện tử.",
        keywords=("loa", "truyền thanh", "bảng tin"),
    ),
    FeedbackCategory(OTHER, "Khác", 10, description="Những việc khác cần chính quyền biết và xử lý."),
)


class CategoryList:
    def __init__(self, categories: tuple[FeedbackCategory, ...]) -> None:
        self.by_code = {c.code: c for c in categories}
        if OTHER not in self.by_code:
            self.by_code[OTHER] = DEFAULT_CATEGORIES[-1]

    def __iter__(self):
        return iter(self.by_code.values())

    def get(self, code: str | None) -> FeedbackCategory:
        """The category for `code`; none given means "other"; an unknown one is refused by name."""
        if not code:
            return self.by_code[OTHER]
        found = self.by_code.get(code)
        if found is None:
            choices = ", ".join(f"{c.code} ({c.label})" for c in self.by_code.values())
            raise InvalidInput(
                f"Lĩnh vực “{code}” không có. Chọn một trong: {choices}.", code="category_unknown", field="category"
            )
        return found


def load_categories(path: str) -> CategoryList:
    if not path:
        return CategoryList(DEFAULT_CATEGORIES)
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        categories = tuple(
            FeedbackCategory(
                code=str(item["code"]),
                label=str(item["label"]),
                days=int(item["days"]),
                anonymous=bool(item.get("anonymous", True)),
                description=str(item.get("description", "")),
                keywords=tuple(str(k) for k in item.get("keywords", ())),
            )
            for item in raw
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigurationError(f"TTCS_FEEDBACK_CATEGORIES_FILE ({path}) is not a valid category list: {exc}") from exc
    for category in categories:
        if not _CODE_RE.match(category.code) or category.days < 1:
            raise ConfigurationError(
                f"TTCS_FEEDBACK_CATEGORIES_FILE: category {category.code!r} needs a code like `land_use` and days ≥ 1"
            )
    return CategoryList(categories)
