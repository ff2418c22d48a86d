"""Vietnamese labels for what the pages show: channels, bulletin languages, and the audit actions the
plugins labelled (`Registry.audit_labels`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hub.plugins import Registry

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


def audit_action_label(registry: Registry, action: str) -> str:
    """The label a plugin registered for `action` (`Registry.audit_labels`), else the action itself."""
    return registry.audit_actions.get(action, action)


def audit_state_label(registry: Registry, entity_type: str, state: str) -> str:
    """The label of a state an audit row recorded for an entity type (`Registry.audit_labels`)."""
    return registry.audit_states.get(entity_type, {}).get(state, state)


def audit_entity_label(registry: Registry, entity_type: str, entity_id: str) -> str:
    """ "Thiết bị 860001000000011", "Phản ánh PA-…": what an audit row is about."""
    return f"{registry.audit_entities.get(entity_type, 'Đối tượng')} {entity_id}"


# Who acted, when it was not an official by name: what case timelines and audit trails store.
ACTORS = {"citizen": "Người dân", "system": "Hệ thống", "": "Hệ thống"}


def actor_label(actor: str | None) -> str:
    return ACTORS.get(actor or "", actor or "")


def channel_label(channel: str) -> str:
    return CHANNELS.get(channel, channel)


def language_label(lang: str) -> str:
    return LANGUAGES.get(lang) or ("Tiếng Việt" if lang == "vi" else lang)
