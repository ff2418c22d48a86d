"""The demo's bulletins found by what they are, not by the id the seed happened to give them: a test
that names `/tin/6` breaks as soon as the seed gains a bulletin, one that names the draft does not."""

from __future__ import annotations

from sqlalchemy import select

from hub.bulletins.tables import bulletin_table
from hub.context import Hub

# Titles of the demo bulletins (hub/demo/seed.py), by the state the seed leaves them in.
PUBLISHED_PROVINCE = "Lịch tiêm chủng mở rộng cho trẻ từ 1 đến 5 tuổi"
PUBLISHED_EA_KAO = "Phòng chống sốt xuất huyết trong mùa mưa"
PUBLISHED_VILLAGE = "Thông báo tạm ngừng cấp điện để bảo dưỡng đường dây"
APPROVED_CU_MGAR = "Họp dân bàn kế hoạch làm đường giao thông nông thôn"
SUBMITTED_EA_KAO = "Hướng dẫn rà soát hộ nghèo, hộ cận nghèo"
DRAFT_EA_KAO = "Vận động tham gia bảo hiểm y tế hộ gia đình"


def demo_bulletin(hub: Hub, title: str) -> int:
    """The id of the demo bulletin titled `title` (exactly one)."""
    with hub.database.uow(write=False) as uow:
        return int(uow.session.execute(select(bulletin_table.c.id).where(bulletin_table.c.title == title)).scalar_one())
