"""The former districts of the province (before the July 2025 reform), for the hotline's two-level
keypad menu: a caller who does not know the name or code of their new commune still knows the
district it was in.

The commune codes are those of the `vietnam-provinces` dataset (the area tree's codes); each new
commune is listed under the former district of most of the communes it merged. Codes not listed
here (another province, or a commune added later) are read under "Các xã, phường khác".
"""

from __future__ import annotations

# province code → ((former district, commune codes), …) in the order the menu reads them
FORMER_DISTRICTS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "66": (
        ("Thành phố Buôn Ma Thuột", ("24121", "24133", "24154", "24163", "24169", "24175")),
        ("Thị xã Buôn Hồ", ("24305", "24328", "24340")),
        ("Huyện Ea H’leo", ("24181", "24184", "24187", "24193", "24208")),
        ("Huyện Ea Súp", ("24211", "24214", "24217", "24221", "24229")),
        ("Huyện Buôn Đôn", ("24235", "24241", "24250")),
        ("Huyện Cư M’gar", ("24259", "24265", "24277", "24280", "24286", "24301")),
        ("Huyện Krông Búk", ("24310", "24313", "24316")),
        ("Huyện Krông Năng", ("24343", "24346", "24352", "24364")),
        ("Huyện Ea Kar", ("24373", "24376", "24400", "24403", "24406")),
        ("Huyện M’Đrắk", ("24412", "24415", "24433", "24436", "24444", "24445")),
        ("Huyện Krông Bông", ("24448", "24454", "24478", "24481", "24484")),
        ("Huyện Krông Pắc", ("24490", "24496", "24502", "24505", "24526", "24529")),
        ("Huyện Krông A Na", ("24538", "24559", "24568")),
        ("Huyện Cư Kuin", ("24540", "24544", "24561")),
        ("Huyện Lắk", ("24580", "24595", "24598", "24604", "24607")),
        # the former province of Phú Yên
        ("Thành phố Tuy Hòa", ("22015", "22045", "22240")),
        ("Thị xã Sông Cầu", ("22051", "22057", "22066", "22075", "22076")),
        ("Huyện Đồng Xuân", ("22081", "22090", "22096", "22111")),
        ("Huyện Tuy An", ("22114", "22120", "22132", "22147", "22153")),
        ("Huyện Sơn Hòa", ("22165", "22171", "22177", "22192")),
        ("Huyện Sông Hinh", ("22207", "22222", "22225", "22237")),
        ("Huyện Tây Hòa", ("22250", "22255", "22276", "22285")),
        ("Thị xã Đông Hòa", ("22258", "22261", "22291")),
        ("Huyện Phú Hòa", ("22306", "22319")),
    ),
}


def groups_of(province_code: str) -> dict[str, tuple[int, str]]:
    """Commune code → (the district's place in the menu, the district's name)."""
    found: dict[str, tuple[int, str]] = {}
    for order, (district, codes) in enumerate(FORMER_DISTRICTS.get(province_code, ())):
        for code in codes:
            found[code] = (order, district)
    return found
