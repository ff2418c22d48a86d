"""The hub as the call flow sees it: the `Backend` port of `voice.ivr` implemented with the hub's
service layer, one short unit of work per question. It lives in `bot`, which joins the hub and the
channels (the hotline is the phone channel), so that `voice` stays a library without the hub.

Every method opens its own unit of work and commits what it changed, so a call never holds a
transaction while audio plays. The caller is the `ivr` contact of their number; a withheld or
non-numeric caller ID gets a one-off anonymous contact and nothing is remembered.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bot.dialogue.reply import Reply, spoken_text
from bot.hotline.districts import groups_of
from hub.accounts.model import Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.audio.service import audio_for
from hub.broadcasts import service as broadcasts
from hub.bulletins import service as bulletins
from hub.bulletins.model import Bulletin
from hub.calls import service as calls
from hub.contacts import service as contacts
from hub.contacts.model import Contact
from hub.context import Hub
from hub.db.uow import UnitOfWork
from hub.feedback import citizen_view
from hub.feedback.config import feedback_config
from hub.feedback.intake import filing as intake
from hub.feedback.model import parse_code
from hub.kit import formats
from hub.kit.errors import HubError, InvalidInput, NotFound
from hub.kit.time import local, utcnow
from voice.ivr import prompts
from voice.ivr import recording as recordings
from voice.ivr.model import Answer, Caller, CallSummary, Clip, Commune, Item, Offer, Recording
from voice.ivr.settings import HotlineSettings

log = logging.getLogger(__name__)


# What a chat choice becomes on the phone: the hotline's own key, or nothing (not offered).
PHONE_KEYS = {"/report_feedback": "3", "/check_feedback_status": "4"}
NOT_ON_THE_PHONE = {"/subscribe", "/unsubscribe"}


def spoken_answer(replies: list[Reply]) -> Answer:
    """The dialogue's replies as the hotline reads them: the texts without links, and the last reply's
    choices as keys (a key picks a choice by its number, as a typed number does in chat)."""
    text = " ".join(t for t in (spoken_text(r) for r in replies) if t)
    offers = []
    choices = replies[-1].choices if replies else ()
    for n, choice in enumerate(choices, start=1):
        if choice.payload in NOT_ON_THE_PHONE:
            continue
        offers.append(Offer(choice.title, str(n), PHONE_KEYS.get(choice.payload, "")))
    return Answer(text, tuple(offers))


def _commune(area: Area | None) -> Commune | None:
    return Commune(area.code, area.name) if area is not None else None


class HubBackend:
    def __init__(self, hub: Hub, store: Path) -> None:
        self.hub = hub
        self.settings: HotlineSettings = hub.settings.of(HotlineSettings)
        self.store = store
        self.config = feedback_config(hub)

    def _contact(self, uow: UnitOfWork, number: str) -> Contact | None:
        try:
            return contacts.identify(uow, "ivr", number)
        except InvalidInput:
            return None

    def caller(self, number: str) -> Caller:
        with self.hub.database.uow() as uow:
            contact = self._contact(uow, number)
            area = contacts.remembered_area(uow, contact) if contact else None
            uow.commit()
            return Caller(number, _commune(area))

    def communes(self) -> list[Commune]:
        """The communes a caller may choose: those of `TTCS_IVR_COMMUNES` when set, else every commune
        of the province; each with its former district, in the order of the keypad menu."""
        codes = [c.strip() for c in self.settings.ivr_communes.split(",") if c.strip()]
        with self.hub.database.uow() as uow:
            root = uow.areas.root()
            if codes:
                found = [a for a in (uow.areas.get_by_code(code) for code in codes) if a is not None]
            elif root is not None:
                found = sorted(uow.areas.children(root), key=lambda a: a.search_key)
            else:
                return []
            groups = groups_of(root.code) if root is not None else {}
            communes = [Commune(a.code, a.name, groups.get(a.code, (0, ""))[1]) for a in found]
            if codes:
                return communes  # in the order configured
            last = len(groups) + 1
            return sorted(communes, key=lambda c: groups.get(c.code, (last, ""))[0])

    def remember(self, number: str, commune: Commune) -> None:
        with self.hub.database.uow() as uow:
            contact = self._contact(uow, number)
            if contact is not None:
                contacts.remember_area(uow, contact, commune.code)
                uow.commit()

    def _area(self, uow: UnitOfWork, commune: Commune | None) -> Area | None:
        if commune is not None:
            found = uow.areas.get_by_code(commune.code)
            if found is not None:
                return found
        return uow.areas.root()

    def _items(self, uow: UnitOfWork, found: list[Bulletin], numbered: bool) -> list[Item]:
        items = []
        issuers = uow.areas.by_ids({b.creating_area_id for b in found})
        for i, bulletin in enumerate(found, start=1):
            issuer = issuers.get(bulletin.creating_area_id)
            when = formats.day(bulletin.published_at or bulletin.valid_from)
            issuer_name = f"Ủy ban nhân dân {issuer.name}" if issuer else ""
            intro = prompts.news_item(i, bulletin.title, when, issuer_name) if numbered else bulletin.title
            audio = audio_for(uow, self.hub.settings, bulletin.id, "vi", "ulaw")
            clip = Clip(f"bulletin {bulletin.id}", path=str(audio.path)) if audio and audio.path.is_file() else None
            items.append(Item(intro, clip, text="" if clip else bulletin.body))
        return items

    def emergencies(self, commune: Commune | None) -> list[Item]:
        with self.hub.database.uow() as uow:
            area = self._area(uow, commune)
            if area is None:
                return []
            found = bulletins.reaching(uow, area, at=utcnow(), limit=3, priorities=("emergency",))
            return self._items(uow, found, numbered=False)

    def news(self, commune: Commune | None) -> list[Item]:
        with self.hub.database.uow() as uow:
            area = self._area(uow, commune)
            if area is None:
                return []
            found = bulletins.reaching(uow, area, at=utcnow(), limit=self.settings.ivr_news_items)
            return self._items(uow, found, numbered=True)

    def schedule(self, commune: Commune | None) -> list[Item]:
        """The commune's broadcast windows and what its loudspeakers play in the next day (the programme
        preview of `hub.broadcasts`)."""
        with self.hub.database.uow() as uow:
            area = self._area(uow, commune)
            if area is None or area.parent_id is None:
                return []  # the province has no programme of its own: the caller chose no commune
            now = utcnow()
            try:
                found = broadcasts.preview(uow, Principal.system("ivr"), area.code, at=now, hours=24)
            except HubError:
                return []
            windows = []
            for span in found.rules.window_spans():
                windows.append(
                    f"từ {prompts.clock(span.start.hour, span.start.minute)} "
                    f"đến {prompts.clock(span.end.hour, span.end.minute)}"
                )
            items = [Item(prompts.schedule_windows(found.commune.name, windows))] if windows else []
            today = local(now).date()
            slots = sorted(found.plan.slots, key=lambda s: s.start)[: self.settings.ivr_news_items + 2]
            for slot in slots:
                when = local(slot.start)
                day = "Hôm nay" if when.date() == today else "Ngày mai"
                items.append(Item(prompts.schedule_slot(day, prompts.clock(when.hour, when.minute), slot.title)))
            if not slots:
                items.append(Item(prompts.schedule_empty()))
            return items

    def office(self, commune: Commune | None) -> str:
        """The office and its hours: what the commune's admins set (`hub.areas.service.set_office`),
        else the configured hours; and its phone number when they set one."""
        unit = f"Ủy ban nhân dân {commune.name}" if commune else "Ủy ban nhân dân tỉnh"
        hours, phone = self.settings.ivr_office_hours, ""
        if commune is not None:
            with self.hub.database.uow(write=False) as uow:
                try:
                    office = areas.office_of(uow, areas.get(uow, commune.code))
                except HubError:
                    office = None
                if office is not None:
                    hours, phone = office.hours or hours, office.phone
        said = prompts.office(unit, hours)
        return f"{said} Số điện thoại: {phone}." if phone else said

    def file_feedback(self, number: str, commune: Commune | None, recording: Recording, *, incomplete: bool) -> str:
        with self.hub.database.uow() as uow:
            contact = self._contact(uow, number) or contacts.anonymous(uow, "ivr")
            filed = intake.file_case(
                uow,
                self.config,
                contact,
                "",
                area_code=commune.code if commune else None,
                audio_ref=recording.ref,
                transcript=recording.transcript,
                incomplete=incomplete,
                client_ref=recording.ref,  # a retried filing (recovery) returns the same case
            )
            uow.commit()
            code = filed.case.code or ""
        recordings.filed(self.store, recording.ref)
        return code

    def case_status(self, number: str, digits: str) -> str | None:
        with self.hub.database.uow() as uow:
            contact = self._contact(uow, number)
            code = parse_code(digits, local(utcnow()).year) or digits
            try:
                found = citizen_view.status(uow, self.config, code, contact=contact)
            except (NotFound, HubError):
                return None
            due = formats.day(found.due_at)
            return prompts.status(found.code, found.status_label, found.unit_name, due, found.answer)

    def ask(self, number: str, commune: Commune | None, said: str) -> Answer | None:
        """One turn of the chat's dialogue engine (`bot.dialogue`) for the caller's `ivr` contact: the same
        answers as in chat, read aloud. Choices that need typing in chat run the hotline's own keys; those
        the phone cannot serve (subscribing to messages) are not offered."""
        from bot.model import Inbound
        from bot.runtime import runtime_for

        with self.hub.database.uow() as uow:
            contact = self._contact(uow, number)
            if contact is None:
                return None  # no number, no conversation to keep
            if commune is not None and contact.area_id is None:
                contacts.remember_area(uow, contact, commune.code)
            inbound = Inbound("ivr", number, f"ivr-{uuid.uuid4().hex}", text=said)
            replies = runtime_for(self.hub).dialogue.respond(uow, contact, inbound)
            uow.commit()
        return spoken_answer(replies)

    def finish(self, summary: CallSummary) -> None:
        with self.hub.database.uow() as uow:
            contact = self._contact(uow, summary.caller)
            area = uow.areas.get_by_code(summary.commune_code) if summary.commune_code else None
            calls.record(
                uow,
                contact,
                area,
                call_ref=summary.call_id,
                started_at=datetime.fromtimestamp(summary.started_at, UTC),
                ended_at=datetime.fromtimestamp(summary.ended_at, UTC),
                path=summary.path,
                result=summary.result,
                case_code=summary.case_code,
            )
            uow.commit()
