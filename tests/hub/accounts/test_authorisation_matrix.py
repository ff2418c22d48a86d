"""The authorisation matrix (issue 14, item 5): who may do what, where, through which channel, as one
table. Every row is run against a real hub (API, web pages, Telegram commands, CAP, the source-system
format); a refusal must be a 403 (or the channel's own refusal) naming the area, never a 2xx, a 404 or
a 500. A second test checks that every route and chat command that changes a bulletin is exercised
by the table, so a new action cannot be added without its rule.

Areas: 24169 is Phường Ea Kao, 24280 Xã Cư M'gar, 66 the province. Partners: nguon.eakao (24169),
nguon.tinh (66).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from bot.officials.commands import OfficialCommands
from hub.accounts.model import Principal
from hub.devices import service as devices
from hub.devices.model import Kind
from hub.kit.time import VN_TZ, utcnow
from hub.reports import submissions
from hub.reports.model import Period
from tests.hub.accounts.world import World, build_world, fresh_database
from tests.support.cap import SENDER, alert
from tests.support.settings import BACKENDS
from tests.support.source_system import bulletin_message
from tests.support.web import text_of, token_of

# who            where  action              expected
TABLE = """
bientap.eakao    24169  api.read            allowed
bientap.eakao    24280  api.read            forbidden
xem.tinh         24280  api.read            allowed
duyet.cumgar     24169  api.read            forbidden
bientap.eakao    24169  api.draft           allowed
bientap.eakao    24280  api.draft           forbidden
bientap.eakao    66     api.draft           forbidden
bientap.tinh     24280  api.draft           allowed
duyet.eakao      24169  api.draft           forbidden
xem.tinh         24169  api.draft           forbidden
vanhanh.eakao    24169  api.draft           forbidden
admin            24280  api.draft           allowed
bientap.eakao    24169  api.edit            allowed
bientap.eakao    24280  api.edit            forbidden
duyet.eakao      24169  api.edit            forbidden
bientap.eakao    24169  api.submit          allowed
bientap.tinh     24169  api.submit          allowed
bientap.eakao    66     api.submit          forbidden
duyet.eakao      24169  api.approve         allowed
duyet.eakao      24280  api.approve         forbidden
duyet.eakao      66     api.approve         forbidden
duyet.cumgar     24280  api.approve         allowed
duyet.cumgar     24169  api.approve         forbidden
duyet.tinh       24169  api.approve         allowed
bientap.eakao    24169  api.approve         forbidden
xem.tinh         24169  api.approve         forbidden
admin            24169  api.approve         allowed
duyet.eakao      24169  api.reject          allowed
duyet.cumgar     24169  api.reject          forbidden
duyet.eakao      24169  api.publish         allowed
duyet.cumgar     24169  api.publish         forbidden
duyet.eakao      24169  api.withdraw        allowed
duyet.cumgar     24169  api.withdraw        forbidden
duyet.eakao      66     api.withdraw        forbidden
duyet.eakao      24169  api.withdraw_above  forbidden
duyet.tinh       24169  api.withdraw_above  allowed
duyet.eakao      24169  api.emergency       allowed
duyet.eakao      24280  api.emergency       forbidden
duyet.eakao      66     api.emergency       forbidden
duyet.cumgar     66     api.emergency       forbidden
duyet.tinh       66     api.emergency       allowed
bientap.eakao    24169  api.emergency       forbidden
bientap.tinh     66     api.emergency       forbidden
duyet.eakao      24169  api.emergency_as    allowed
duyet.eakao      66     api.emergency_as    forbidden
duyet.cumgar     66     api.emergency_as    forbidden
duyet.tinh       66     api.emergency_as    allowed
bientap.eakao    66     api.draft_as        forbidden
bientap.eakao    24169  api.draft_as        allowed
bientap.tinh     66     api.draft_as        allowed
bientap.eakao    24169  web.draft           allowed
bientap.eakao    24280  web.draft           forbidden
duyet.eakao      24169  web.draft           forbidden
bientap.eakao    24169  web.draft_approve   forbidden
admin            24169  web.draft_approve   allowed
bientap.eakao    24169  web.edit            allowed
bientap.eakao    24280  web.edit            forbidden
bientap.eakao    24169  web.submit          allowed
bientap.eakao    24280  web.submit          forbidden
duyet.eakao      24169  web.approve         allowed
duyet.eakao      24280  web.approve         forbidden
duyet.cumgar     24169  web.approve         forbidden
duyet.eakao      24169  web.reject          allowed
duyet.cumgar     24169  web.reject          forbidden
duyet.eakao      24169  web.publish         allowed
duyet.cumgar     24169  web.publish         forbidden
duyet.eakao      24169  web.withdraw        allowed
duyet.cumgar     24169  web.withdraw        forbidden
duyet.eakao      24169  web.withdraw_above  forbidden
duyet.tinh       24169  web.withdraw_above  allowed
duyet.eakao      24169  web.emergency       allowed
duyet.eakao      66     web.emergency       forbidden
duyet.cumgar     24169  web.emergency       forbidden
bientap.eakao    24169  web.emergency       forbidden
duyet.tinh       24280  web.emergency       allowed
bientap.eakao    24169  chat.draft          allowed
bientap.tinh     66     chat.draft          allowed
duyet.eakao      24169  chat.draft          forbidden
xem.tinh         66     chat.draft          forbidden
bientap.eakao    24169  chat.submit         allowed
bientap.eakao    24280  chat.submit         forbidden
duyet.eakao      24169  chat.approve        allowed
duyet.eakao      24280  chat.approve        forbidden
duyet.cumgar     24169  chat.approve        forbidden
duyet.tinh       24280  chat.approve        allowed
bientap.eakao    24169  chat.approve        forbidden
duyet.eakao      24169  chat.reject         allowed
duyet.cumgar     24169  chat.reject         forbidden
duyet.eakao      24169  chat.emergency      allowed
duyet.cumgar     24280  chat.emergency      allowed
bientap.eakao    24169  chat.emergency      forbidden
xem.tinh         66     chat.emergency      forbidden
duyet.eakao      24169  cap.alert           allowed
duyet.eakao      24280  cap.alert           forbidden
duyet.cumgar     66     cap.alert           forbidden
duyet.tinh       66     cap.alert           allowed
bientap.eakao    24169  cap.alert           forbidden
duyet.eakao      24169  cap.alert_waiting   allowed
duyet.cumgar     66     cap.alert_waiting   forbidden
duyet.eakao      24280  cap.alert_waiting   forbidden
duyet.eakao      24169  cap.update          allowed
duyet.cumgar     66     cap.update          forbidden
duyet.cumgar     24169  cap.update          forbidden
duyet.tinh       24280  cap.update          allowed
duyet.cumgar     66     cap.retarget        forbidden
duyet.cumgar     24280  cap.retarget        allowed
duyet.eakao      24280  cap.retarget        forbidden
duyet.tinh       66     cap.retarget        allowed
duyet.eakao      24169  cap.cancel          allowed
duyet.cumgar     66     cap.cancel          forbidden
duyet.eakao      24280  cap.cancel          forbidden
duyet.tinh       24169  cap.cancel          allowed
nguon.eakao      24169  source.bulletin     allowed
nguon.eakao      24280  source.bulletin     forbidden
nguon.eakao      66     source.bulletin     forbidden
nguon.tinh       24280  source.bulletin     allowed
nguon.eakao      66     source.bulletin_as  forbidden
nguon.eakao      24169  source.bulletin_as  allowed
nguon.tinh       66     source.bulletin_as  allowed
nguon.eakao      24169  source.cancel       allowed
bientap.eakao    24169  web.schedule        allowed
duyet.eakao      24169  web.schedule        allowed
duyet.cumgar     24169  web.schedule        forbidden
vanhanh.eakao    24169  web.schedule        forbidden
xem.tinh         24169  web.schedule        forbidden
duyet.eakao      24169  web.next_window     allowed
bientap.eakao    24280  web.next_window     forbidden
bientap.eakao    24169  chat.schedule       allowed
duyet.eakao      24169  chat.schedule       allowed
vanhanh.eakao    24169  chat.schedule       forbidden
xem.tinh         24169  chat.schedule       forbidden
nguon.eakao      24169  source.reschedule   allowed
duyet.eakao      24169  web.report_submit   allowed
duyet.cumgar     24169  web.report_submit   forbidden
bientap.eakao    24169  web.report_submit   forbidden
xem.tinh         24169  web.report_submit   forbidden
duyet.tinh       24169  web.report_submit   allowed
duyet.tinh       66     web.report_submit   allowed
duyet.eakao      66     web.report_submit   forbidden
duyet.tinh       66     web.report_remind   allowed
duyet.eakao      66     web.report_remind   forbidden
xem.tinh         66     web.report_remind   forbidden
vanhanh.eakao    24169  web.device_add      allowed
vanhanh.eakao    24280  web.device_add      forbidden
bientap.eakao    24169  web.device_add      forbidden
admin            24280  web.device_add      allowed
vanhanh.eakao    24169  web.device_rotate   allowed
vanhanh.eakao    24280  web.device_rotate   forbidden
duyet.eakao      24169  web.device_rotate   forbidden
vanhanh.eakao    24169  web.device_retire   allowed
vanhanh.eakao    24280  web.device_retire   forbidden
bientap.eakao    24169  web.device_retire   forbidden
admin            66     web.report_remind   allowed
duyet.eakao      24169  web.training_add    allowed
duyet.tinh       24169  web.training_add    allowed
duyet.cumgar     24169  web.training_add    forbidden
bientap.eakao    24169  web.training_add    forbidden
vanhanh.eakao    24169  web.training_add    forbidden
duyet.eakao      24169  api.languages       allowed
duyet.eakao      24280  api.languages       forbidden
bientap.eakao    24169  api.languages       forbidden
duyet.tinh       24280  api.languages       allowed
admin            24280  api.languages       allowed
duyet.eakao      24169  web.languages       allowed
duyet.cumgar     24169  web.languages       forbidden
bientap.eakao    24169  web.languages       forbidden
bientap.eakao    24169  web.recording       allowed
bientap.eakao    24280  web.recording       forbidden
duyet.eakao      24169  web.recording       forbidden
bientap.tinh     24169  web.recording       allowed
bientap.eakao    24169  web.listen          allowed
duyet.eakao      24169  web.listen          allowed
xem.tinh         66     web.listen          forbidden
vanhanh.eakao    24169  web.listen          forbidden
admin            24169  relay.add           allowed
vanhanh.eakao    24169  relay.add           forbidden
duyet.tinh       66     relay.add           forbidden
admin            24169  relay.remove        allowed
xem.tinh         66     relay.remove        forbidden
admin            24169  relay.window        allowed
vanhanh.eakao    24169  relay.window        forbidden
bientap.eakao    24169  relay.window        forbidden
admin            24280  relay.window_remove allowed
duyet.cumgar     24280  relay.window_remove forbidden
duyet.eakao      24169  live.start          allowed
duyet.tinh       24169  live.start          allowed
duyet.cumgar     24169  live.start          forbidden
bientap.eakao    24169  live.start          forbidden
vanhanh.eakao    24169  live.start          forbidden
duyet.eakao      24169  live.stop           allowed
duyet.cumgar     24169  live.stop           forbidden
duyet.eakao      24169  web.live            allowed
bientap.eakao    24169  web.live            forbidden
duyet.eakao      24169  web.live_stop       allowed
duyet.cumgar     24169  web.live_stop       forbidden
admin            24169  web.relay           allowed
vanhanh.eakao    24169  web.relay           forbidden
admin            24169  web.relay_window    allowed
duyet.eakao      24169  web.relay_window    forbidden
admin            24169  web.relay_unwindow  allowed
admin            24280  web.office          allowed
duyet.eakao      24169  web.office          forbidden
bientap.eakao    24169  web.office          forbidden
vanhanh.eakao    24169  web.office          forbidden
xem.tinh         24280  web.office          forbidden
xem.tinh         24169  web.relay_unwindow  forbidden
admin            24169  web.route_add       allowed
admin            24280  web.route_add       allowed
duyet.eakao      24169  web.route_add       forbidden
vanhanh.eakao    24169  web.route_add       forbidden
xem.tinh         24169  web.route_add       forbidden
admin            24169  web.route_remove    allowed
duyet.tinh       24169  web.route_remove    forbidden
bientap.eakao    24169  web.route_remove    forbidden
"""


@dataclass(frozen=True)
class Row:
    who: str
    where: str
    action: str
    allowed: bool

    def __str__(self) -> str:
        return f"{self.who}-{self.where}-{self.action}"


ROWS = [
    Row(who, where, action, expected == "allowed")
    for who, where, action, expected in (line.split() for line in TABLE.strip().splitlines())
]
REFUSED_IN_CHAT = "Xin lỗi, chưa thực hiện được."
FORBIDDEN_IN_SOURCE = 3  # TrangThaiGui: not allowed


# -- the actions ----------------------------------------------------------------------------------


def _api(answer, ok: int = 200) -> bool:
    if answer.status_code == 403:
        problem = answer.json()
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert problem["detail"] and problem["code"], problem
        return False
    assert answer.status_code == ok, answer.text
    return True


def _body(world: World, where: str, **changes: object) -> dict[str, object]:
    return {"title": f"Tin thử quyền {world.next()}", "body": "Nội dung.", "category": "local_affairs",
            "target_codes": [where], **changes}  # fmt: skip


def _emergency(world: World, where: str, **changes: object) -> dict[str, object]:
    return _body(world, where, category="disaster_emergency", priority="emergency", **changes)


def _web(world: World, who: str, path: str, data: dict[str, object], ok: int = 303) -> bool:
    browser = world.browsers[who]
    token = token_of(browser.get("/quan-tri/").text)
    answer = browser.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
    if answer.status_code == 403:
        assert "Bạn" in answer.text or "quyền" in answer.text or "phạm vi" in answer.text, answer.text
        return False
    assert answer.status_code == ok, answer.text
    return True


def _web_form(world: World, where: str, **extra: str) -> dict[str, object]:
    return {"title": f"Tin web thử quyền {world.next()}", "body": "Nội dung.", "category": "local_affairs",
            "priority": "normal", "targets": where, **extra}  # fmt: skip


def _chat(world: World, who: str, command: str) -> bool:
    answer = world.say(who, command)
    assert answer, f"no answer to {command}"
    return REFUSED_IN_CHAT not in answer


def _cap(world: World, who: str, data: bytes) -> bool:
    answer = world.client.post(
        "/api/v1/cap/alerts", content=data, headers={"Content-Type": "application/cap+xml", **world.tokens[who]}
    )
    return _api(answer, 201)


def _cap_follow_up(world: World, who: str, where: str, msg_type: str, codes: tuple[str, ...] = ()) -> bool:
    """An Update or Cancel of a trusted sender's emergency for `where` (the Update may name `codes`)."""
    identifier, sent, _ = world.cap_emergency(where)
    later = sent + timedelta(seconds=30)
    data = alert(f"{identifier}-{msg_type}", msg_type=msg_type, sent=later, references=[(identifier, sent)],
                 codes=list(codes or [where]), headline="Cập nhật cảnh báo")  # fmt: skip
    return _cap(world, who, data)


def _source(world: World, who: str, path: str, message: dict[str, object]) -> bool:
    answer = world.client.post(f"/api/nguon/v1/{path}", json=message, headers=world.sources[who])
    if answer.status_code == 403:
        assert answer.json()["TrangThaiGui"] == FORBIDDEN_IN_SOURCE and answer.json()["MoTa"], answer.text
        return False
    assert answer.status_code == 200 and answer.json()["TrangThaiGui"] == 0, answer.text
    return True


def _source_message(
    world: World, who: str, targets: list[str], creating: str, days_later: int = 0
) -> dict[str, object]:
    start = utcnow().astimezone(VN_TZ).replace(tzinfo=None, microsecond=0) + timedelta(days=days_later)
    nguon = {"nguon.eakao": "EAKAO", "nguon.tinh": "TINH"}[who]
    return bulletin_message(nguon, f"BT-MT-{world.next()}", start, start + timedelta(days=2), link=None,
                            targets=targets, times=[], days=[], mode=2, creating=creating)  # fmt: skip


def _source_own(world: World, who: str, where: str) -> dict[str, object]:
    message = _source_message(world, who, [where], where)
    assert _source(world, who, "ban-tin", message)
    return message


Act = Callable[[World, str, str], bool]


@dataclass(frozen=True)
class Action:
    run: Act
    covers: str  # the route ("METHOD path") or chat command it goes through


ACTIONS: dict[str, Action] = {
    "api.read": Action(
        lambda w, who, where: _api(w.client.get(f"/api/v1/bulletins/{w.bulletin(where)}", headers=w.tokens[who])),
        "GET /api/v1/bulletins/{bulletin_id}",
    ),
    "api.draft": Action(
        lambda w, who, where: _api(
            w.client.post("/api/v1/bulletins", json=_body(w, where), headers=w.tokens[who]), 201
        ),
        "POST /api/v1/bulletins",
    ),
    "api.draft_as": Action(
        lambda w, who, where: _api(
            w.client.post("/api/v1/bulletins", json=_body(w, "24169", creating_area_code=where), headers=w.tokens[who]),
            201,
        ),
        "POST /api/v1/bulletins",
    ),
    "api.edit": Action(
        lambda w, who, where: _api(
            w.client.patch(
                f"/api/v1/bulletins/{w.bulletin(where, 'draft')}", json=_body(w, where), headers=w.tokens[who]
            )
        ),
        "PATCH /api/v1/bulletins/{bulletin_id}",
    ),
    "api.submit": Action(
        lambda w, who, where: _api(
            w.client.post(f"/api/v1/bulletins/{w.bulletin(where, 'draft')}/submit", headers=w.tokens[who])
        ),
        "POST /api/v1/bulletins/{bulletin_id}/submit",
    ),
    "api.approve": Action(
        lambda w, who, where: _api(
            w.client.post(f"/api/v1/bulletins/{w.bulletin(where)}/approve", headers=w.tokens[who])
        ),
        "POST /api/v1/bulletins/{bulletin_id}/approve",
    ),
    "api.reject": Action(
        lambda w, who, where: _api(
            w.client.post(
                f"/api/v1/bulletins/{w.bulletin(where)}/reject", json={"reason": "Sai địa bàn"}, headers=w.tokens[who]
            )
        ),
        "POST /api/v1/bulletins/{bulletin_id}/reject",
    ),
    "api.publish": Action(
        lambda w, who, where: _api(
            w.client.post(f"/api/v1/bulletins/{_approved_later(w, where)}/publish", headers=w.tokens[who])
        ),
        "POST /api/v1/bulletins/{bulletin_id}/publish",
    ),
    "api.withdraw": Action(
        lambda w, who, where: _api(
            w.client.post(
                f"/api/v1/bulletins/{w.bulletin(where, 'published')}/withdraw",
                json={"reason": "Hủy"},
                headers=w.tokens[who],
            )
        ),
        "POST /api/v1/bulletins/{bulletin_id}/withdraw",
    ),
    # The province's emergency, sent to one ward: the ward's approver cannot take it down.
    "api.withdraw_above": Action(
        lambda w, who, where: _api(
            w.client.post(
                f"/api/v1/bulletins/{w.province_emergency(where)}/withdraw",
                json={"reason": "Hủy"},
                headers=w.tokens[who],
            )
        ),
        "POST /api/v1/bulletins/{bulletin_id}/withdraw",
    ),
    "api.emergency": Action(
        lambda w, who, where: _api(
            w.client.post("/api/v1/bulletins/emergency", json=_emergency(w, where), headers=w.tokens[who]), 201
        ),
        "POST /api/v1/bulletins/emergency",
    ),
    "api.emergency_as": Action(
        lambda w, who, where: _api(
            w.client.post(
                "/api/v1/bulletins/emergency",
                json=_emergency(w, "24169", creating_area_code=where),
                headers=w.tokens[who],
            ),
            201,
        ),
        "POST /api/v1/bulletins/emergency",
    ),
    "web.draft": Action(
        lambda w, who, where: _web(w, who, "/quan-tri/tin/moi", _web_form(w, where)),
        "POST /quan-tri/tin/moi",
    ),
    # "Lưu, duyệt và xếp lịch phát" (issue 15 §1): compose, approve and schedule in one form.
    "web.draft_approve": Action(
        lambda w, who, where: _web(
            w, who, "/quan-tri/tin/moi", _web_form(w, where, _action="approve", kieu="daily", gio="6:00")
        ),
        "POST /quan-tri/tin/moi",
    ),
    "web.edit": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/tin/{w.bulletin(where, 'draft')}/sua", _web_form(w, where)),
        "POST /quan-tri/tin/{bulletin_id}/sua",
    ),
    "web.submit": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/tin/{w.bulletin(where, 'draft')}/gui-duyet", {}),
        "POST /quan-tri/tin/{bulletin_id}/gui-duyet",
    ),
    "web.approve": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/tin/{w.bulletin(where)}/duyet", {}),
        "POST /quan-tri/tin/{bulletin_id}/duyet",
    ),
    "web.reject": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/tin/{w.bulletin(where)}/tu-choi", {"reason": "Sai địa bàn"}),
        "POST /quan-tri/tin/{bulletin_id}/tu-choi",
    ),
    "web.publish": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/tin/{_approved_later(w, where)}/phat-hanh", {}),
        "POST /quan-tri/tin/{bulletin_id}/phat-hanh",
    ),
    "web.withdraw": Action(
        lambda w, who, where: _web(
            w, who, f"/quan-tri/tin/{w.bulletin(where, 'published')}/thu-hoi", {"reason": "Hủy"}
        ),
        "POST /quan-tri/tin/{bulletin_id}/thu-hoi",
    ),
    "web.withdraw_above": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/tin/{w.province_emergency(where)}/thu-hoi", {"reason": "Hủy"}),
        "POST /quan-tri/tin/{bulletin_id}/thu-hoi",
    ),
    "web.emergency": Action(
        lambda w, who, where: _web(
            w, who, "/quan-tri/khan-cap", {**_web_form(w, where, category="disaster_emergency"), "_step": "issue"}
        ),
        "POST /quan-tri/khan-cap",
    ),
    # Chat commands act on the official's own area (`where` names it) or on a bulletin of `where`.
    "chat.draft": Action(lambda w, who, where: _chat(w, who, f"/tin Họp dân {w.next()} | Mời bà con dự họp."), "/tin"),
    "chat.submit": Action(lambda w, who, where: _chat(w, who, f"/guiduyet {w.bulletin(where, 'draft')}"), "/guiduyet"),
    "chat.approve": Action(lambda w, who, where: _chat(w, who, f"/duyet {w.bulletin(where)}"), "/duyet"),
    "chat.reject": Action(lambda w, who, where: _chat(w, who, f"/tuchoi {w.bulletin(where)} Sai địa bàn"), "/tuchoi"),
    "chat.emergency": Action(lambda w, who, where: _chat_emergency(w, who), "/khancap"),
    # Scheduling plays (issue 15): in the commune `where`, a published bulletin of `where`.
    "web.schedule": Action(
        lambda w, who, where: _web(
            w, who, _scheduling(w, where), {"kieu": "daily", "gio": "06:00", "tu_ngay": "", "den_ngay": ""}
        ),
        "POST /quan-tri/lich-phat/{code}/tin/{bulletin_id}",
    ),
    "web.next_window": Action(
        lambda w, who, where: _web(w, who, f"{_scheduling(w, where)}/khung-toi", {}),
        "POST /quan-tri/lich-phat/{code}/tin/{bulletin_id}/khung-toi",
    ),
    "chat.schedule": Action(
        lambda w, who, where: _chat(w, who, f"/lich {w.bulletin(where, 'published')} 6:00 hằng ngày"), "/lich"
    ),
    "cap.alert": Action(
        lambda w, who, where: _cap(w, who, alert(f"MA-{w.next()}", codes=[where])), "POST /api/v1/cap/alerts"
    ),
    "cap.alert_waiting": Action(
        lambda w, who, where: _cap(w, who, alert(f"MW-{w.next()}", sender="khac@example.org", codes=[where])),
        "POST /api/v1/cap/alerts",
    ),
    "cap.update": Action(lambda w, who, where: _cap_follow_up(w, who, where, "Update"), "POST /api/v1/cap/alerts"),
    # The attack of issue 14: an Update that moves someone else's emergency onto one's own commune.
    "cap.retarget": Action(
        lambda w, who, where: _cap_follow_up(w, who, where, "Update", ("24280",)), "POST /api/v1/cap/alerts"
    ),
    "cap.cancel": Action(lambda w, who, where: _cap_follow_up(w, who, where, "Cancel"), "POST /api/v1/cap/alerts"),
    "source.bulletin": Action(
        lambda w, who, where: _source(w, who, "ban-tin", _source_message(w, who, [where], where)),
        "POST /api/nguon/v1/ban-tin",
    ),
    "source.bulletin_as": Action(
        lambda w, who, where: _source(w, who, "ban-tin", _source_message(w, who, ["24169"], where)),
        "POST /api/nguon/v1/ban-tin",
    ),
    "source.cancel": Action(
        lambda w, who, where: _source(
            w, who, "ban-tin/huy", {k: _source_own(w, who, where)[k] for k in ("NguonId", "BanTinId")}
        ),
        "POST /api/nguon/v1/ban-tin/huy",
    ),
    # The annual report's duty (issue 18, item 11): a commune's approver submits, the province reminds.
    "web.report_submit": Action(lambda w, who, where: _report_submit(w, who, where), "POST /quan-tri/bao-cao/nop"),
    "web.report_remind": Action(
        lambda w, who, where: _web(w, who, "/quan-tri/bao-cao/tong-hop/nhac", {"year": _ended_year()}),
        "POST /quan-tri/bao-cao/tong-hop/nhac",
    ),
    # Device registration (issue 18, item 9): an operator of the area adds, re-keys and retires devices.
    "web.office": Action(
        lambda w, who, where: _web(
            w, who, f"/quan-tri/dia-ban/{where}/lien-he", {"phone": "0262 3851 234", "hours": "Sáng 7 giờ 30."}
        ),
        "POST /quan-tri/dia-ban/{code}/lien-he",
    ),
    "web.device_add": Action(
        lambda w, who, where: _web(w, who, "/quan-tri/thiet-bi/dang-ky", _new_device(w, where), 200),
        "POST /quan-tri/thiet-bi/dang-ky",
    ),
    "web.device_rotate": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/thiet-bi/{_device(w, where)}/doi-ma", {}, 200),
        "POST /quan-tri/thiet-bi/{imei}/doi-ma",
    ),
    "web.device_retire": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/thiet-bi/{_device(w, where)}/thu-hoi", {"reason": "Hỏng"}),
        "POST /quan-tri/thiet-bi/{imei}/thu-hoi",
    ),
    "web.training_add": Action(lambda w, who, where: _training(w, who, where), "POST /quan-tri/bao-cao/tap-huan"),
    "source.reschedule": Action(
        lambda w, who, where: _reschedule(w, who, where), "POST /api/nguon/v1/ban-tin/lich-phat"
    ),
    # Issue 15: the languages an area broadcasts, a language's recording, "Nghe thử".
    "api.languages": Action(
        lambda w, who, where: _api(
            w.client.put(f"/api/v1/audio/languages/{where}", json={"langs": ["vi", "ede"]}, headers=w.tokens[who])
        ),
        "PUT /api/v1/audio/languages/{area_code}",
    ),
    "web.languages": Action(
        lambda w, who, where: _web(
            w, who, "/quan-tri/ngon-ngu-phat", {"area_code": where, "pos_vi": "1", "pos_ede": "2"}
        ),
        "POST /quan-tri/ngon-ngu-phat",
    ),
    "web.recording": Action(
        lambda w, who, where: _web_recording(w, who, where), "POST /quan-tri/am-thanh/{bulletin_id}/ban-ghi"
    ),
    "web.listen": Action(lambda w, who, where: _web_listen(w, who), "POST /quan-tri/nghe-thu"),
    "relay.add": Action(lambda w, who, where: _relay(w, who, where) is not None, "POST /api/v1/relays"),
    "relay.remove": Action(
        lambda w, who, where: _api(
            w.client.delete(f"/api/v1/relays/{_relay(w, 'admin', where)}", headers=w.tokens[who]), 204
        ),
        "DELETE /api/v1/relays/{source_id}",
    ),
    "relay.window": Action(
        lambda w, who, where: _relay_window(w, who, where) is not None, "POST /api/v1/relays/windows"
    ),
    "relay.window_remove": Action(
        lambda w, who, where: _api(
            w.client.delete(f"/api/v1/relays/windows/{_relay_window(w, 'admin', where)}", headers=w.tokens[who]),
            204,
        ),
        "DELETE /api/v1/relays/windows/{window_id}",
    ),
    "live.start": Action(lambda w, who, where: _live(w, who, where) is not None, "POST /api/v1/live"),
    "live.stop": Action(
        lambda w, who, where: _api(
            w.client.post(f"/api/v1/live/{_live(w, 'duyet.tinh', where)}/stop", headers=w.tokens[who])
        ),
        "POST /api/v1/live/{broadcast_id}/stop",
    ),
    "web.live": Action(
        lambda w, who, where: _web_page(w, who, "/quan-tri/truc-tiep", {"areas": where}), "POST /quan-tri/truc-tiep"
    ),
    "web.live_stop": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/truc-tiep/{_live(w, 'duyet.tinh', where)}/dung", {}),
        "POST /quan-tri/truc-tiep/{broadcast_id}/dung",
    ),
    "web.relay": Action(
        lambda w, who, where: _web(
            w,
            who,
            "/quan-tri/tiep-song",
            {"name": f"Đài {w.next()}", "upstream_url": "http://dai.test/a", "area_code": where},
        ),
        "POST /quan-tri/tiep-song",
    ),
    "web.relay_window": Action(
        lambda w, who, where: _web(
            w,
            who,
            "/quan-tri/tiep-song/gio",
            {
                "source_id": str(_relay(w, "admin", where)),
                "area_code": where,
                "starts": "05:45",
                "ends": "06:15",
            },
        ),
        "POST /quan-tri/tiep-song/gio",
    ),
    # Routing rules of feedback (issue 18, item 9): the admin of the area adds and removes them.
    "web.route_add": Action(
        lambda w, who, where: _web(w, who, "/quan-tri/quy-tac-chuyen/them", _route_form(w, where)),
        "POST /quan-tri/quy-tac-chuyen/them",
    ),
    "web.route_remove": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/quy-tac-chuyen/{_route(w, where)}/xoa", {}),
        "POST /quan-tri/quy-tac-chuyen/{route_id}/xoa",
    ),
    "web.relay_unwindow": Action(
        lambda w, who, where: _web(w, who, f"/quan-tri/tiep-song/gio/{_relay_window(w, 'admin', where)}/xoa", {}),
        "POST /quan-tri/tiep-song/gio/{window_id}/xoa",
    ),
}


def _scheduling(world: World, where: str) -> str:
    """The schedule page of a published bulletin of `where` in the commune `where`."""
    return f"/quan-tri/lich-phat/{where}/tin/{world.bulletin(where, 'published')}"


def _ended_year() -> int:
    return Period.year_of(utcnow()) - 1


def _report_submit(world: World, who: str, where: str) -> bool:
    """The area's figures of the ended period frozen (as the job does), then the narrative submitted."""
    with world.hub.database.uow() as uow:
        if submissions.frozen_report(uow, Principal.system(), where, _ended_year()) is None:
            submissions.freeze(uow, Principal.system("cli"), _ended_year(), "Kiểm tra quyền", area_code=where)
            uow.commit()
    parts = {"done": "Đã làm.", "difficulties": "Khó khăn.", "proposals": "Đề xuất."}
    return _web(world, who, "/quan-tri/bao-cao/nop", {"area": where, "year": _ended_year(), **parts})


def _new_device(world: World, where: str) -> dict[str, object]:
    return {"imei": f"86000900{world.next():07d}", "name": "Loa thử quyền", "kind": "loudspeaker", "area": where}


def _device(world: World, where: str) -> str:
    """A loudspeaker of `where`, registered by the hub itself."""
    imei = f"86000800{world.next():07d}"
    with world.hub.database.uow() as uow:
        devices.add(uow, Principal.system("cli"), imei, name="Loa thử quyền", kind=Kind.LOUDSPEAKER, area_code=where)
        uow.commit()
    return imei


def _training(world: World, who: str, where: str) -> bool:
    """A course of `where` attended by its editor (bientap.eakao is Ea Kao's)."""
    with world.hub.database.uow(write=False) as uow:
        attendee = uow.users.get_by_username("bientap.eakao")
        assert attendee is not None
    day = utcnow().astimezone(VN_TZ).date().isoformat()
    data = {"area": where, "course": f"Lớp thử quyền {world.next()}", "held_on": day, "attendees": [attendee.id]}
    return _web(world, who, "/quan-tri/bao-cao/tap-huan", data)


def _web_recording(world: World, who: str, where: str) -> bool:
    """A Vietnamese recording (a human voice) for a draft of `where`, uploaded from its page."""
    from voice.audio import write
    from voice.tts import make_engine

    bid = world.bulletin(where, "draft")
    browser = world.browsers[who]
    token = token_of(browser.get("/quan-tri/").text)
    with tempfile.TemporaryDirectory(prefix="ttcs-matrix-") as tmp:
        path = write(make_engine("espeak").synthesize("Thông báo."), Path(tmp) / "ghi-am.mp3", "mp3")
        answer = browser.post(
            f"/quan-tri/am-thanh/{bid}/ban-ghi",
            data={"csrf_token": token, "lang": "vi"},
            files={"file": ("ghi-am.mp3", path.read_bytes(), "audio/mpeg")},
            follow_redirects=False,
        )
    if answer.status_code == 403:
        assert "quyền" in answer.text or "phạm vi" in answer.text, answer.text
        return False
    assert answer.status_code == 303, answer.text
    return True


def _web_listen(world: World, who: str) -> bool:
    """ "Nghe thử" answers with a fragment; a refusal is its Vietnamese message naming the role."""
    browser = world.browsers[who]
    token = token_of(browser.get("/quan-tri/").text)
    data = {"title": "Thử", "body": "Họp dân."}
    answer = browser.post("/quan-tri/nghe-thu", data=data, headers={"X-CSRF-Token": token, "HX-Request": "true"})
    assert answer.status_code == 200, answer.text
    return "vai trò" not in text_of(answer.text)


def _live(world: World, who: str, where: str) -> int | None:
    """A live broadcast `who` starts for `where`: its id, or None when refused."""
    answer = world.client.post("/api/v1/live", json={"area_codes": [where]}, headers=world.tokens[who])
    return answer.json()["broadcast"]["id"] if _api(answer, 201) else None


def _web_page(world: World, who: str, path: str, data: dict[str, object]) -> bool:
    """A form whose success is a page of its own (200), not a redirect: the live broadcast's page."""
    browser = world.browsers[who]
    token = token_of(browser.get("/quan-tri/").text)
    answer = browser.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
    if answer.status_code == 403:
        return False
    assert answer.status_code == 200 and "Đang phát trực tiếp" in answer.text, answer.text
    return True


def _relay(world: World, who: str, where: str) -> int | None:
    """A relay source registered by `who` for `where`: its id, or None when refused."""
    body = {"name": f"Đài thử {world.next()}", "upstream_url": "http://dai.test/luong", "area_code": where}
    answer = world.client.post("/api/v1/relays", json=body, headers=world.tokens[who])
    return answer.json()["id"] if _api(answer, 201) else None


def _relay_window(world: World, who: str, where: str) -> int | None:
    """A relay window set by `who` in `where` (on a source the admin registered): its id, or None."""
    body = {"source_id": _relay(world, "admin", where), "area_code": where, "starts": "05:45", "ends": "06:15"}
    answer = world.client.post("/api/v1/relays/windows", json=body, headers=world.tokens[who])
    return answer.json()["id"] if _api(answer, 201) else None


ROUTED = "environment"  # the category of the routing rules the rows add


def _no_route(world: World, where: str) -> str:
    """No rule for `where` and the rows' category yet (a row before may have added one): the category."""
    from hub.feedback.routing import rules

    with world.hub.database.uow() as uow:
        for route in rules.list_routes(uow, Principal.system()):
            if route.category == ROUTED and route.area_path.endswith(f"/{where}/"):
                rules.remove_route(uow, Principal.system("cli"), route.id)
        uow.commit()
    return ROUTED


def _route_form(world: World, where: str) -> dict[str, object]:
    return {"area": where, "category": _no_route(world, where), "unit_area": where}


def _route(world: World, where: str) -> int:
    """A routing rule of `where`, added by the hub itself: its id."""
    from hub.feedback.config import feedback_config
    from hub.feedback.routing import rules

    _no_route(world, where)
    with world.hub.database.uow() as uow:
        route = rules.add_route(uow, feedback_config(world.hub), Principal.system("cli"), where, where, category=ROUTED)
        uow.commit()
        return route.id


def _approved_later(world: World, where: str) -> int:
    """An approved bulletin whose window starts tomorrow (so "publish now" is a real move)."""
    from hub.accounts.model import Principal
    from hub.bulletins import service as bulletins
    from hub.bulletins.categories import Category
    from hub.bulletins.model import Content, Priority

    start = utcnow() + timedelta(days=1)
    content = Content(title=f"Tin ngày mai {world.next()}", body="Nội dung.", category=Category.LOCAL_AFFAIRS,
                      priority=Priority.NORMAL, valid_from=start, valid_until=start + timedelta(days=1),
                      target_codes=(where,))  # fmt: skip
    system = Principal.system("cli")
    with world.hub.database.uow() as uow:
        made = bulletins.create(uow, system, content, where)
        bulletins.submit(uow, system, made.id)
        bulletins.approve(uow, system, made.id)
        uow.commit()
        return made.id


def _reschedule(world: World, who: str, where: str) -> bool:
    """Message 7: the source's own bulletin moves one day later."""
    message = _source_own(world, who, where)
    later = _source_message(world, who, [where], where, days_later=1)
    timing = {k: later[k] for k in ("NgayBatDau", "NgayKetThuc", "CheDoPhat", "LichPhat")}
    return _source(world, who, "ban-tin/lich-phat", {"NguonId": message["NguonId"], "BanTinId": message["BanTinId"],
                                                      **timing})  # fmt: skip


def _chat_emergency(world: World, who: str) -> bool:
    """/khancap asks to confirm before anything goes on air; the row stops at that question."""
    allowed = _chat(world, who, f"/khancap Sơ tán {world.next()} | Di chuyển lên vùng cao.")
    if allowed:
        world.say(who, "/stop")  # leave the chat ready for the next command
    return allowed


# -- the tests --------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, templates, pg_admin_url, tmp_path_factory) -> Iterator[World]:
    tmp: Path = tmp_path_factory.mktemp(f"matrix-{request.param}")
    yield from build_world(fresh_database(request.param, templates, tmp, pg_admin_url), tmp)


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_authorisation(world: World, row: Row) -> None:
    allowed = ACTIONS[row.action].run(world, row.who, row.where)
    assert allowed == row.allowed, f"{row.who} {row.action} at {row.where}: expected {row.allowed}"


# Routes and commands that change bulletins or emergencies. A new one fails the test below until the
# table exercises it (or it is listed here as not changing a bulletin, with the reason).
GUARDED_PREFIXES = (
    "/api/v1/bulletins",
    "/api/v1/cap",
    "/api/nguon/v1/ban-tin",
    "/quan-tri/tin",
    "/quan-tri/khan-cap",
    "/quan-tri/bao-cao",
    "/quan-tri/thiet-bi/dang-ky",
    "/api/v1/relays",
    "/api/v1/live",
    "/quan-tri/truc-tiep",
    "/quan-tri/tiep-song",
    "/quan-tri/quy-tac-chuyen",
)
NOT_BULLETIN_COMMANDS = {
    "/choduyet": "lists bulletins through the same visibility as api.read",
    "/phananh": "feedback cases",
    "/traloi": "feedback cases",
    "/thietbi": "reads devices",
    "/trogiup": "help",
    "/help": "help",
}
# Commands that change bulletins but only finish another command's row: the service they end in checks
# the role and area again when it runs.
FINISHES_ANOTHER_ROW = {
    "/xacnhan": "the one-time code of a /khancap or /duyet that passed its row (tests/bot/test_emergency_confirm.py)",
}


def test_every_bulletin_route_and_command_is_in_the_table() -> None:
    from hub.app import create_app
    from hub.config import Settings

    app = create_app(Settings(database_url="sqlite://", secret_key="k" * 40))
    writes = {
        f"{method} {route.path}".replace(":int}", "}")
        for route in app.routes
        for method in getattr(route, "methods", ()) or ()
        if method in ("POST", "PUT", "PATCH", "DELETE") and route.path.startswith(GUARDED_PREFIXES)
    }
    exercised = {ACTIONS[row.action].covers for row in ROWS}
    assert writes - exercised == set(), "routes that change bulletins without a row in the matrix"
    commands = set(OfficialCommands(Settings(database_url="sqlite://", secret_key="k" * 40)).table)
    unlisted = commands - exercised - set(NOT_BULLETIN_COMMANDS) - set(FINISHES_ANOTHER_ROW)
    assert unlisted == set(), "chat commands without a row in the matrix"
    for action in ACTIONS:
        outcomes = {row.allowed for row in ROWS if row.action == action}
        assert outcomes, f"{action} has no row"


def _trail(world: World, bid: int) -> set[tuple[str, str]]:
    rows = world.client.get("/api/v1/audit?entity_type=bulletin&limit=200", headers=world.tokens["admin"]).json()
    return {(r["actor_name"], r["channel"]) for r in rows if r["entity_id"] == str(bid)}


def test_each_channel_audits_who_caused_the_change(world: World) -> None:
    """Item 4: the official (or the partner) and the channel, never "system", for what someone caused."""
    message = _source_own(world, "nguon.eakao", "24169")
    cancel = {k: message[k] for k in ("NguonId", "BanTinId")}
    answer = world.client.post("/api/nguon/v1/ban-tin/huy", json=cancel, headers=world.sources["nguon.eakao"])
    assert _trail(world, answer.json()["MaBanTin"]) == {("nguon.eakao", "source")}

    drafted = world.say("bientap.eakao", "/tin Họp tổ dân phố | Mời bà con dự họp.")
    bid = int(re.search(r"số (\d+)", drafted).group(1))
    world.say("bientap.eakao", f"/guiduyet {bid}")
    world.say("duyet.eakao", f"/duyet {bid}")
    assert _trail(world, bid) == {("bientap.eakao", "telegram"), ("duyet.eakao", "telegram")}

    assert _cap(world, "duyet.eakao", alert(f"AU-{world.next()}", codes=["24169"]))
    rows = world.client.get("/api/v1/bulletins?limit=1", headers=world.tokens["duyet.eakao"]).json()["items"]
    assert _trail(world, rows[0]["id"]) == {("duyet.eakao", "cap")}
    _, _, fed = world.cap_emergency("24280")
    assert _trail(world, fed) == {(f"cap:{SENDER}", "cap")}

    page = text_of(world.browsers["admin"].get("/quan-tri/nhat-ky").text)
    assert "nguon.eakao qua Hệ thống nguồn" in page and f"cap:{SENDER} qua Cảnh báo CAP" in page
    assert "duyet.eakao qua Telegram" in page
