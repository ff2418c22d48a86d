"""Vietnamese labels for what the pages show: audit actions, channels, bulletin languages."""

from __future__ import annotations

from hub.bulletins.model import ACTION_LABELS

# The languages a bulletin may have besides Vietnamese (requirements-vn.md item 14).
LANGUAGES = {"ede": "Tiếng Ê Đê", "mnong": "Tiếng M’nông"}

CHANNELS = {
    "web": "Trang quản trị",
    "api": "API",
    "cli": "Dòng lệnh",
    "system": "Hệ thống",
    "chat": "Tin nhắn",
    "zalo": "Zalo",
    "telegram": "Telegram",
    "ivr": "Tổng đài",
}

AUDIT_ACTIONS = {
    "user.login": "đăng nhập",
    "user.create": "tạo tài khoản",
    "user.disable": "khóa tài khoản",
    "user.enable": "mở khóa tài khoản",
    "user.grant": "gán vai trò",
    "user.revoke": "bỏ vai trò",
    "user.password": "đổi mật khẩu",
    "area.create": "thêm địa bàn",
    "area.alias.add": "thêm tên gọi khác",
    "area.alias.remove": "xóa tên gọi khác",
    "report.annual": "tải báo cáo năm",
}

ENTITY_TYPES = {"bulletin": "Tin", "user": "Tài khoản", "area": "Địa bàn", "report": "Báo cáo"}


def audit_action_label(action: str) -> str:
    if action in AUDIT_ACTIONS:
        return AUDIT_ACTIONS[action]
    kind, _, verb = action.partition(".")
    if kind == "bulletin" and verb in ACTION_LABELS:
        return f"{ACTION_LABELS[verb]} tin"
    return action


def channel_label(channel: str) -> str:
    return CHANNELS.get(channel, channel)


def language_label(lang: str) -> str:
    return LANGUAGES.get(lang, lang)
