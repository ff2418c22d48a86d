"""Vietnamese labels for what the pages show: audit actions, channels, bulletin languages."""

from __future__ import annotations

from hub.bulletins.model import ACTION_LABELS
from hub.feedback.model import ACTION_LABELS as FEEDBACK_ACTIONS

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
    "device": "Thiết bị",
    "cap": "Cảnh báo CAP",
    "source": "Hệ thống nguồn",
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
    "device.add": "đăng ký thiết bị",
    "device.update": "sửa thông tin thiết bị",
    "device.revoke": "thu hồi thiết bị",
    "device.rotate": "cấp lại mã thiết bị",
    "device.command": "gửi lệnh cho thiết bị",
    "device.online": "thiết bị kết nối",
    "device.offline": "thiết bị mất kết nối",
    "device.alarm": "thiết bị báo sự cố",
    "broadcast.rules": "sửa quy chế hoạt động",
    "broadcast.schedule": "xếp lịch phát",
    "broadcast.unschedule": "bỏ lịch phát",
    "broadcast.priority_order": "sắp thứ tự tin ưu tiên",
    "audio.lexicon.put": "sửa từ điển cách đọc",
    "audio.lexicon.remove": "xóa khỏi từ điển cách đọc",
    "audio.recording_upload": "tải lên bản ghi âm",
    "chat.link_code": "tạo mã liên kết chat",
    "chat.link": "liên kết tài khoản chat",
    "chat.unlink": "bỏ liên kết chat",
    "feedback.route.add": "thêm quy tắc chuyển phản ánh",
    "feedback.route.remove": "xóa quy tắc chuyển phản ánh",
    "privacy.export": "xuất dữ liệu cá nhân",
    "job.retry": "chạy lại tác vụ",
    "report.annual": "tải báo cáo năm",
    "holiday.add": "thêm ngày nghỉ lễ",
    "holiday.remove": "bỏ ngày nghỉ lễ",
}

ENTITY_TYPES = {
    "bulletin": "Tin",
    "user": "Tài khoản",
    "area": "Địa bàn",
    "device": "Thiết bị",
    "feedback_case": "Phản ánh",
    "feedback_route": "Quy tắc chuyển",
    "contact": "Người dân",
    "report": "Báo cáo",
    "public_holiday": "Ngày nghỉ lễ",
}


def audit_action_label(action: str) -> str:
    if action in AUDIT_ACTIONS:
        return AUDIT_ACTIONS[action]
    kind, _, verb = action.partition(".")
    if kind == "bulletin" and verb in ACTION_LABELS:
        return f"{ACTION_LABELS[verb]} tin"
    if kind == "feedback" and verb in FEEDBACK_ACTIONS:
        return f"{FEEDBACK_ACTIONS[verb]} phản ánh"
    return action


def channel_label(channel: str) -> str:
    return CHANNELS.get(channel, channel)


def language_label(lang: str) -> str:
    return LANGUAGES.get(lang, lang)
