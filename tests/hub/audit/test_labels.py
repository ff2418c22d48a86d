"""Each plugin labels the audit actions it records (`Registry.audit_labels`); the audit log shows them."""

import re
from pathlib import Path

import pytest

from hub import plugins
from hub.web.labels import audit_action_label, audit_state_label

ROOT = Path(__file__).resolve().parents[3]
RECORDED = re.compile(r"\brecord\(\s*\w+,\s*[\w.]+,\s*\"([a-z_.]+)\"")


def test_the_plugin_that_owns_an_action_labels_it():
    registry = plugins.load()
    assert audit_action_label(registry, "device.add") == "đăng ký thiết bị"
    assert audit_action_label(registry, "chat.link") == "liên kết tài khoản chat"
    assert audit_action_label(registry, "bulletin.approve") == "duyệt tin"
    assert registry.audit_entities["public_holiday"] == "Ngày nghỉ lễ"
    assert audit_action_label(registry, "unknown.action") == "unknown.action"


def test_the_plugin_that_records_a_state_labels_it_per_entity_type():
    registry = plugins.load()
    assert audit_state_label(registry, "device", "offline") == "Mất kết nối"
    assert audit_state_label(registry, "feedback_case", "rejected") == "Không tiếp nhận xử lý"
    assert audit_state_label(registry, "bulletin", "rejected") == "Bị từ chối"
    assert audit_state_label(registry, "relay", "down") == "Mất tín hiệu"
    assert audit_state_label(registry, "device", "unknown") == "unknown"


def test_every_action_written_with_a_literal_name_has_a_label():
    registry = plugins.load()
    sources = [p for package in ("hub", "bot", "voice", "devices") for p in (ROOT / package).rglob("*.py")]
    recorded = {action for path in sources for action in RECORDED.findall(path.read_text(encoding="utf-8"))}
    assert recorded, "the pattern no longer finds the audit calls"
    assert sorted(recorded - set(registry.audit_actions)) == []


def test_a_label_is_registered_once():
    registry = plugins.Registry()
    registry.audit_labels({"thing.make": "làm"})
    with pytest.raises(ValueError, match=r"thing\.make"):
        registry.audit_labels({"thing.make": "làm lại"})
