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
from typing import Any

from bot.dialogue import programme
from bot.dialogue.reply import Choice, Reply
from bot.dialogue.turn import Turn
from bot.officials import confirm, linking, scheduling, texts
from bot.settings import BotSettings
from hub.accounts.access import home_scope, require_anywhere
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area, path_depth
from hub.broadcasts import service as broadcasts
from hub.broadcasts.placement import real
from hub.bulletins import service as bulletins
from hub.bulletins.categories import Category
from hub.bulletins.model import Bulletin, Content, Priority
from hub.config import Settings
from hub.devices import service as devices
from hub.devices.model import STATE_LABELS, State
from hub.feedback import service as feedback
from hub.feedback.model import UNANSWERED
from hub.kit.errors import HubError, InvalidInput
from hub.kit.time import format_local, local, utcnow

EMERGENCY = "emergency"
CONFIRM = "confirm_code"
Handler = Callable[[Turn, Principal, str], list[Reply]]


class OfficialCommands:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.forms: dict[str, Callable[[Turn], list[Reply] | None]] = {
            EMERGENCY: self._confirm_emergency,
            CONFIRM: self._typed_code,
        }
        self.table: dict[str, Handler] = {
            "/tin": self._draft,
            "/guiduyet": self._submit,
            "/duyet": self._approve,
            "/tuchoi": self._reject,
            "/khancap": self._emergency,
            "/xacnhan": self._confirm_code,
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
        number = _number(rest, texts.APPROVE_USAGE)
        found = bulletins.get(turn.uow, principal, number)
        if found.priority == Priority.EMERGENCY and found.status == "submitted":  # on air at once: a second factor
            require_anywhere(principal, Permission.APPROVE)
            summary = texts.APPROVE_SUMMARY.format(id=found.id, title=found.title)
            return self._ask_code(turn, principal, confirm.ACTION_APPROVE, {"bulletin_id": found.id}, summary)
        return self._approved(bulletins.approve(turn.uow, principal, number))

    @staticmethod
    def _approved(done: Bulletin) -> list[Reply]:
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

        payload = {"title": slots["title"], "body": slots["body"], "targets": list(slots["targets"])}
        summary = texts.EMERGENCY_SUMMARY.format(title=slots["title"])
        return self._attempt(turn, lambda: self._ask_code(turn, principal, confirm.ACTION_EMERGENCY, payload, summary))

    # -- the second factor (see bot/officials/confirm.py) ------------------------------------------

    def _ask_code(
        self, turn: Turn, principal: Principal, action: str, payload: dict[str, Any], summary: str
    ) -> list[Reply]:
        confirm.ask(turn.uow, principal, turn.contact.channel_user_id, action, payload, summary)
        turn.conv.start(CONFIRM, "code")
        minutes = self.settings.of(BotSettings).chat_confirm_code_minutes
        return [Reply(texts.CODE_NEEDED.format(summary=summary, url=self.settings.public_url, minutes=minutes))]

    def _confirm_code(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        code = "".join(rest.split())
        if not re.fullmatch(r"\d{6}", code):
            return [Reply(texts.CONFIRM_USAGE)]
        return self._verified(turn, principal, code)

    def _typed_code(self, turn: Turn) -> list[Reply] | None:
        """The six digits alone, while a command waits for its code; anything else leaves the form."""
        code = "".join(turn.text.split())
        if not re.fullmatch(r"\d{6}", code):
            return None
        principal = linking.principal_of(turn.uow, turn.contact.channel, turn.contact.channel_user_id)
        if principal is None:
            turn.conv.finish()
            return [Reply(texts.NOT_LINKED)]
        return self._verified(turn, principal, code)

    def _verified(self, turn: Turn, principal: Principal, code: str) -> list[Reply]:
        """Run the command the code confirms; a refused code is answered, and its attempt and audit
        entry are kept (no exception, so nothing is rolled back)."""
        key = self.settings.signing_key()
        verdict = confirm.verify(turn.uow, principal, turn.contact.channel_user_id, code, key)
        url = self.settings.public_url
        if verdict.outcome == confirm.Outcome.CONFIRMED and verdict.request is not None:
            turn.conv.finish()
            request = verdict.request
            return self._attempt(turn, lambda: self._run_confirmed(turn, principal, request))
        if verdict.outcome in (confirm.Outcome.LOCKED, confirm.Outcome.NOTHING_PENDING):
            turn.conv.finish()
        answers = {
            confirm.Outcome.NOTHING_PENDING: texts.CONFIRM_NOTHING,
            confirm.Outcome.NO_CODE_YET: texts.CONFIRM_NO_CODE.format(url=url),
            confirm.Outcome.EXPIRED: texts.CONFIRM_EXPIRED,
            confirm.Outcome.WRONG: texts.CONFIRM_WRONG.format(left=verdict.attempts_left),
            confirm.Outcome.LOCKED: texts.CONFIRM_LOCKED,
        }
        return [Reply(answers[verdict.outcome])]

    def _run_confirmed(self, turn: Turn, principal: Principal, request: confirm.Request) -> list[Reply]:
        """The same service functions as the API and the web app, now that the code was right."""
        if request.action == confirm.ACTION_APPROVE:
            return self._approved(bulletins.approve(turn.uow, principal, int(request.payload["bulletin_id"])))
        p = request.payload
        content = _emergency_content(str(p["title"]), str(p["body"]), tuple(p["targets"]))
        done = bulletins.issue_emergency(turn.uow, principal, content)
        return [Reply(texts.EMERGENCY_ISSUED.format(id=done.id, title=done.title))]

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
        if scheduling.asks_to_schedule(rest):
            return self._plan(turn, principal, rest)
        area = self._area(turn, principal, rest)
        now = utcnow()
        seen = broadcasts.preview(turn.uow, principal, area.code, now, hours=24)
        lines = [texts.PROGRAMME.format(commune=seen.commune.name, windows=programme.windows(seen.rules))]
        items = programme.upcoming(seen.plan.slots, now)
        lines += items or [texts.PROGRAMME_EMPTY]
        if conflicts := real(seen.plan.conflicts):
            lines.append(texts.PROGRAMME_CONFLICTS.format(count=len(conflicts)))
        return [Reply("\n".join(lines))]

    def _plan(self, turn: Turn, principal: Principal, rest: str) -> list[Reply]:
        """`/lich 12 6:00,17:00 3 ngày`: the same `broadcasts.schedule` as the web page, as this official
        on this chat channel (audited), answered with the plays and the conflicts it brings."""
        now = utcnow()
        asked = scheduling.read(rest, local(now))
        commune = self._commune_for(turn, principal, asked.bulletin_id)
        if asked.plays is None:
            check = broadcasts.schedule_next_window(turn.uow, principal, commune, asked.bulletin_id, now)
        else:
            check = broadcasts.schedule(turn.uow, principal, commune, asked.bulletin_id, asked.plays, now)
        first = format_local(check.plays[0].start) if check.plays else texts.NO_PLAY
        lines = [texts.SCHEDULED.format(id=check.bulletin_id, title=check.title, commune=check.commune.name,
                                        when=scheduling.describe(check.item), first=first)]  # fmt: skip
        if check.clashes:
            lines.append(texts.SCHEDULE_CONFLICTS.format(count=len(check.clashes)))
            lines += [texts.SCHEDULE_CONFLICT.format(detail=c.detail, times=texts.REPEATED.format(times=c.times)
                                                     if c.times > 1 else "") for c in check.clashes[:5]]  # fmt: skip
        else:
            lines.append(texts.SCHEDULE_CLEAR)
        return [Reply("\n".join(lines))]

    @staticmethod
    def _commune_for(turn: Turn, principal: Principal, bulletin_id: int) -> str:
        """Where `/lich SỐ …` schedules: the official's own commune (or village's commune) when they work
        in one, else the commune the bulletin is sent to."""
        home = home_scope(principal, Permission.DRAFT) or home_scope(principal, Permission.APPROVE)
        if home is not None:
            try:
                return broadcasts.commune_of(turn.uow, areas.get(turn.uow, home.area_code)).code
            except InvalidInput:
                pass
        found = bulletins.get(turn.uow, principal, bulletin_id)
        for code in found.target_codes:
            try:
                return broadcasts.commune_of(turn.uow, areas.get(turn.uow, code)).code
            except InvalidInput:
                continue
        raise InvalidInput(texts.SCHEDULE_WHERE.format(id=bulletin_id), code="not_in_commune")

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
    found = re.match(r"\s*#?(\d{1,18})\b", text or "")  # 18 digits: always a 64-bit id
    if not found:
        raise InvalidInput(usage, code="command_usage")
    return int(found.group(1))


def _deepest(principal: Principal, permission: Permission) -> str:
    """The area the official works on: their deepest grant with `permission` (any grant otherwise,
    so that the service names the role missing)."""
    found = home_scope(principal, permission) or max(
        principal.scopes, key=lambda s: path_depth(s.area_path), default=None
    )
    if found is None:
        raise InvalidInput("Tài khoản chưa được phân công địa bàn.", code="no_area")
    return found.area_code


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
