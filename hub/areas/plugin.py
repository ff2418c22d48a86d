from hub.areas import tables
from hub.areas.endpoints import router
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.audit_labels(
        {
            "area.create": "thêm địa bàn",
            "area.alias.add": "thêm tên gọi khác",
            "area.alias.remove": "xóa tên gọi khác",
            "area.office": "sửa số điện thoại, giờ làm việc của xã, phường",
        },
        {"area": "Địa bàn"},
    )
    registry.tables(tables.map_tables)
    registry.router(router)
