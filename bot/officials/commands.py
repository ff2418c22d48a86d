"""Officials' commands in chat (Telegram, Zalo), after linking the chat to their account.

Each command calls the same service as the API and the web app, as the linked official with the
chat's channel (`Principal.channel` "telegram"/"zalo"), so the same rules apply and the audit log
says where it came from. A refused action is answered with the service's own Vietnamese reason
(naming the role needed); the command's writes are rolled back (a savepoint), the conversation's
are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from bot.dialogue import programme
from bot.dialogue.reply import Choice, Reply
from bot.dialogue.turn import Turn
from bot.officials import linking, texts
from hub.accounts.access import require_anywhere, scopes_for
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.broadcasts import service as broadcasts
from hub.bulletins import service as bulletins
from hub.bulletins.categories import Category
from hub.bulletins.model import Content, Priority
from hub.config import Settings
from hub.devices import service as devices
from hub.devices.model import STATE_LABELS, State
from hub.feedback import service as feedback
from hub.feedback.model import UNANSWERED
from hub.kit.errors import HubError, InvalidInput
from hub.kit.time import format_local, utcnow

EMERGENCY = "emergency"
Handler = Callable[[Turn, Principal, str], list[Reply]]


class OfficialCommands:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.forms = {EMERGENCY: self._confirm_emergency}
        self.table: dict[str, Handler] = {
            "/tin": self._draft,
            "/guiduyet": self._submit,
            "/duyet": self._approve,
            "/tuchoi": self._reject,
            "/khancap": self._emergency,
            "/choduyet": self._awaiting,
            "/phananh": self._cases,
            "/traloi": self._answer,
            "/lich": self._schedule,
            "/thietbi": self._devices,
            "/trogiup": self._help,
            "/help": self._help,
        }

    # -- dispatch --------------------------------------------------------------------------------

    @staticmethod
    def split(text: str) -> tuple[str, str]:
        """ "/duyet@ttcs_bot 12" → ("/duyet", "12")."""
        head, _, rest = text.strip().partition(" ")
        if "\n" in head:
            head, _, more = head.partition("\n")
            rest = more + (" " + rest if rest else "")
        return head.split("@", 1)[0].lower(), rest.strip()

    def handles(self, turn: Turn) -> bool:
        if turn.contact.channel not in linking.CHAT_CHANNELS or not turn.text.startswith("/"):
            return False
        name, _ = self.split(turn.text)
        if name in self.table or name in ("/lienket", "/huylienket"):
            return True
        if name != "/start" and ("{" in turn.text or name[1:] in _DIALOGUE_PAYLOADS):
            return False  # a button of the dialogue
        # /start and unknown commands: the list of commands for an official; the dialogue for a citizen.
        return linking.principal_of(turn.uow, turn.contact.channel, turn.contact.channel_user_id) is not None

    def run(self, turn: Turn) -> list[Reply]:
        name, rest = self.split(turn.text)
        channel, who = turn.contact.channel, turn.contact.channel_user_id
        if name in ("/lienket", "/huylienket"):
            return self._attempt(turn, lambda: self._link(turn, name, rest))
        principal = linking.principal_of(turn.uow, channel, who)
        if principal is None:
            return [Reply(texts.NOT_LINKED)]
        handler = self.table.get(name, self._help)
        return self._attempt(turn, lambda: handler(turn, principal, rest))

    @staticmethod
    def _attempt(turn: Turn, action: Callable[[], list[Reply]]) -> list[Reply]:
        savepoint = turn.uow.session.begin_nested()
        try:
            replies = action()
        except HubError as exc:
            savepoint.rollback()
            return [Reply(texts.REFUSED.format(detail=exc.detail))]
        savepoint.commit()
        return replies

    # -- linking ---------------------------------------------------------------------------------

    def _link(self, turn: Turn, name: str, rest: str) -> list[Reply]:
        channel, who = turn.contact.channel, turn.contact.channel_user_id
        if name == "/huylienket":
            done = linking.unlink(turn.uow, channel, who)
            return [Reply(texts.UNLINKED if done else texts.NOT_LINKED_YET)]
        if not rest:
            return [Reply(texts.NOT_LINKED)]
        principal = linking.link(turn.uow, channel, who, rest)
        return [Reply(texts.LINKED.format(name=principal.full_name, username=principal.username) + "\n\n" + texts.HELP)]

    # -- bulletins -------------------------------------------------------------------------------

    def _draft(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        title, body = _title_body(rest)
        if not title:
            return [Reply(texts.DRAFT_USAGE)]
        area = _deepest(principal, Permission.DRAFT)
        content = Content(
            title=title,
            body=body or title,
            category=Category.LOCAL_AFFAIRS,
            priority=Priority.NORMAL,
            valid_from=utcnow(),
            valid_until=utcnow() + timedelta(days=14),
            target_codes=(area,),
        )
        made = bulletins.create(turn.uow, principal, content)
        return [Reply(texts.DRAFTED.format(id=made.id, title=made.title))]

    def _submit(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        done = bulletins.submit(turn.uow, principal, _number(rest, texts.SUBMIT_USAGE))
        return [Reply(texts.SUBMITTED.format(id=done.id, title=done.title))]

    def _approve(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        done = bulletins.approve(turn.uow, principal, _number(rest, texts.APPROVE_USAGE))
        if done.status == "published":
            return [Reply(texts.APPROVED_LIVE.format(id=done.id, title=done.title))]
        return [Reply(texts.APPROVED_LATER.format(id=done.id, title=done.title, when=format_local(done.valid_from)))]

    def _reject(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        number, _, reason = rest.partition(" ")
        done = bulletins.reject(turn.uow, principal, _number(number, texts.REJECT_USAGE), reason)
        return [Reply(texts.REJECTED.format(id=done.id, title=done.title))]

    def _awaiting(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        page = bulletins.list_bulletins(turn.uow, principal, statuses=("submitted",), limit=10)
        if not page.items:
            return [Reply(texts.NONE_AWAITING)]
        lines = [
            texts.AWAITING_ITEM.format(id=b.id, title=b.title, codes=", ".join(b.target_codes)) for b in page.items
        ]
        return [Reply(texts.AWAITING.format(total=page.total) + "\n" + "\n".join(lines))]

    def _emergency(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        require_anywhere(principal, Permission.APPROVE)
        title, body = _title_body(rest)
        if not title:
            return [Reply(texts.EMERGENCY_USAGE)]
        content = _emergency_content(title, body, (_deepest(principal, Permission.APPROVE),))
        plan = bulletins.plan_emergency(turn.uow, principal, content)
        below = sum(len(v) for v in plan.covered.values())
        where = ", ".join(a.name for a in plan.targets)
        turn.conv.start(EMERGENCY, "confirm", title=title, body=body or title, targets=[a.code for a in plan.targets])
        text = texts.EMERGENCY_CONFIRM.format(title=title, where=where, below=below)
        return [Reply(text, (Choice(texts.EMERGENCY_GO, "/affirm"), Choice(texts.CANCEL, "/stop")))]

    def _confirm_emergency(self, turn: Turn) -> list[Reply] | None:
        slots = dict(turn.conv.slots)
        turn.conv.finish()
        if turn.intent != "affirm":
            return [Reply(texts.EMERGENCY_CANCELLED)]
        principal = linking.principal_of(turn.uow, turn.contact.channel, turn.contact.channel_user_id)
        if principal is None:
            return [Reply(texts.NOT_LINKED)]

        def issue() -> list[Reply]:
            content = _emergency_content(slots["title"], slots["body"], tuple(slots["targets"]))
            done = bulletins.issue_emergency(turn.uow, principal, content)
            return [Reply(texts.EMERGENCY_ISSUED.format(id=done.id, title=done.title))]

        return self._attempt(turn, issue)

    # -- feedback --------------------------------------------------------------------------------

    def _cases(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        page = feedback.list_cases(turn.uow, principal, statuses=tuple(sorted(UNANSWERED)), limit=10)
        if not page.items:
            return [Reply(texts.NO_CASES)]
        now = utcnow()
        lines = []
        for case in page.items:
            late = texts.LATE if case.due_at < now else ""
            excerpt = case.text[:80] + ("…" if len(case.text) > 80 else "")
            lines.append(texts.CASE_ITEM.format(code=case.code, due=format_local(case.due_at), late=late, text=excerpt))
        return [Reply(texts.CASES.format(total=page.total) + "\n" + "\n".join(lines))]

    def _answer(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        code, _, text = rest.partition(" ")
        if not code or not text.strip():
            return [Reply(texts.ANSWER_USAGE)]
        case = feedback.answer(turn.uow, principal, code, text.strip())
        return [Reply(texts.ANSWERED.format(code=case.code))]

    # -- programme and devices -----------------------------------------------------------------

    def _area(self, turn: Turn, principal: Principal, rest: str) -> Area:
        """The area named after the command ("/lich ea kao", "/lich 24169"), else the official's own."""
        if rest.strip():
            found = [m.area for m in areas.search(turn.uow, rest, limit=1)]
            if not found:
                raise InvalidInput(texts.AREA_UNKNOWN.format(text=rest.strip()[:60]), code="unknown_area")
            return found[0]
        return areas.get(turn.uow, _deepest(principal, Permission.READ))

    def _schedule(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        area = self._area(turn, principal, rest)
        now = utcnow()
        seen = broadcasts.preview(turn.uow, principal, area.code, now, hours=24)
        lines = [texts.PROGRAMME.format(commune=seen.commune.name, windows=programme.windows(seen.rules))]
        items = programme.upcoming(seen.plan.slots, now)
        lines += items or [texts.PROGRAMME_EMPTY]
        if seen.plan.conflicts:
            lines.append(texts.PROGRAMME_CONFLICTS.format(count=len(seen.plan.conflicts)))
        return [Reply("\n".join(lines))]

    def _devices(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        area = self._area(turn, principal, rest)
        groups = devices.dashboard(turn.uow, principal, area.code)
        counts = ", ".join(
            f"{STATE_LABELS[State(state)].lower()}: {len(found)}" for state, found in groups.items() if found
        )
        if not counts:
            return [Reply(texts.NO_DEVICES.format(area=area.name))]
        lines = [texts.DEVICES.format(area=area.name, counts=counts)]
        now = utcnow()
        for device in groups.get(State.OFFLINE.value, [])[:10]:
            since = programme.when(device.last_seen_at, now) if device.last_seen_at else texts.NEVER
            lines.append(texts.DEVICE_OFFLINE.format(name=device.name or device.imei, since=since))
        return [Reply("\n".join(lines))]

    def _help(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        return [Reply(texts.HELP)]


_DIALOGUE_PAYLOADS = frozenset(
    {
        "affirm",
        "deny",
        "stop",
        "feedback_rewrite",
        "inform_location",
        "ask_info",
        "ask_schedule",
        "report_feedback",
        "check_feedback_status",
        "subscribe",
        "unsubscribe",
        "help",
        "greet",
    }
)


def _title_body(rest: str) -> tuple[str, str]:
    """ "Tiêu đề | nội dung" or "Tiêu đề" then the content on the next lines."""
    if "|" in rest:
        title, _, body = rest.partition("|")
    else:
        title, _, body = rest.partition("\n")
    return " ".join(title.split()), body.strip()


def _number(text: str, usage: str) -> int:
    found = re.match(r"\s*#?(\d+)\b", text or "")
    if not found:
        raise InvalidInput(usage, code="command_usage")
    return int(found.group(1))


def _deepest(principal: Principal, permission: Permission) -> str:
    """The area the official works on: their deepest grant with `permission` (any grant otherwise,
    so that the service names the role missing)."""
    scopes = scopes_for(principal, permission) or list(principal.scopes)
    if not scopes:
        raise InvalidInput("Tài khoản chưa được phân công địa bàn.", code="no_area")
    return max(scopes, key=lambda s: s.area_path.count("/")).area_code


def _emergency_content(title: str, body: str, targets: tuple[str, ...]) -> Content:
    now = utcnow()
    return Content(
        title=title[:200],
        body=body or title,
        category=Category.DISASTER_EMERGENCY,
        priority=Priority.EMERGENCY,
        valid_from=now,
        valid_until=now + timedelta(days=1),
        target_codes=targets,
    )
