from pathlib import Path

from hub.accounts.model import Permission
from hub.broadcasts import dashboard_card, delivery, pages, panel, tables
from hub.broadcasts.endpoints import router
from hub.plugins import Registry
from hub.web.extensions import NavEntry, web_of


def register(registry: Registry) -> None:
    registry.audit_labels(
        {
            "broadcast.rules": "sửa quy chế hoạt động",
            "broadcast.schedule": "xếp lịch phát",
            "broadcast.unschedule": "bỏ lịch phát",
            "broadcast.priority_order": "sắp thứ tự tin ưu tiên",
            "broadcast.play_order": "đổi thứ tự phát trong khung giờ",
        },
    )
    registry.tables(tables.map_tables)
    delivery.register(registry)  # delivery versions follow bulletins, audio and programmes
    registry.router(router)
    # The officials' week calendar and operating rules.
    registry.router(pages.router)
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Lịch phát", pages.PATH, Permission.READ, order=30, key="programme"))
    web_of(registry).card(dashboard_card.CARD)
    web_of(registry).bulletin_panel(panel.PANEL)  # "Lịch phát" on a bulletin's page
