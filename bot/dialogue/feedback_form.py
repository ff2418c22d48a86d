"""The feedback form: what happened → where → contact and consent (optional) → confirm → the code.

The case is filed through the single intake (`hub.feedback.intake.filing.file_case`) when the citizen
confirms; the code is told in the reply, which leaves only after the case is committed. A retried
confirmation returns the same case (`client_ref`).
"""

from __future__ import annotations

import re

from bot.dialogue import places, texts
from bot.dialogue.reply import Choice, Reply
from bot.dialogue.turn import Turn
from bot.model import KEPT_IMAGE
from hub.contacts import service as contacts
from hub.contacts.model import mask_phone, normalise_phone
from hub.feedback.intake import filing as intake
from hub.feedback.intake.attachments import URL_MAX
from hub.feedback.text import STOPWORDS, normalise
from hub.kit.errors import HubError, InvalidInput
from hub.kit.time import format_local

FORM = "feedback"
CANCEL_WORDS = frozenset({"huy", "huy bo", "thoi", "dung lai", "khong gui nua", "thoat"})
SEND_WORDS = frozenset({"gui", "gui di", "gui phan anh", "dong y", "ok", "dung", "dung roi"})
REWRITE = "/feedback_rewrite"
# Words that ask for the form rather than describe a problem ("tôi muốn gửi phản ánh").
_ASKING_WORDS = "phan anh kien nghi gop y muon gui bao cao can giup dang ky"
_ASKING = frozenset(_ASKING_WORDS.split())
_PHONE_RE = re.compile(r"(\+?84|0)[\d .-]{8,13}\d")
# Questions a citizen may ask in the middle of the form: answered, then the form resumes.
DIGRESSIONS = frozenset({"ask_info", "ask_schedule", "check_feedback_status", "ask_contact"})
DIGRESSION_CONFIDENCE = 0.7
MISSES_BEFORE_OFFER = 2  # replies not understood in a row before offering to stop or call an official


def start(turn: Turn) -> list[Reply]:
    turn.conv.start(FORM, "what", text="", images=list(turn.inbound.images), started=turn.number)
    content = turn.text if not turn.is_payload and _describes(turn.text) else ""
    if content:
        return _take_what(turn, content)
    if turn.inbound.images:
        return [Reply(texts.FB_PHOTO_ONLY, _cancel_choice())]
    return [Reply(texts.FB_ASK_WHAT, _cancel_choice())]


def _describes(text: str) -> bool:
    words = [w for w in normalise(text).split() if w not in STOPWORDS and w not in _ASKING]
    return len(words) >= 3


def _cancel_choice() -> tuple[Choice, ...]:
    return (Choice(texts.FB_CANCEL, "/stop"),)


def step(turn: Turn) -> list[Reply] | None:
    """The next step of the form, or None when the citizen left it for something else (a menu button)."""
    conv = turn.conv
    if turn.text == "/stop" or turn.folded in CANCEL_WORDS:
        conv.finish()
        return [Reply(texts.CANCELLED, texts.MENU)]
    if turn.inbound.images:
        images = [*conv.slots.get("images", []), *turn.inbound.images]
        conv.goto(conv.step, images=images[: turn.config.feedback.max_attachments])
    handler = _STEPS.get(conv.step)
    if handler is None:
        conv.finish()
        return None
    before = conv.step
    replies = handler(turn)
    if conv.form == FORM and conv.step != before and conv.slots.get("misses"):
        conv.goto(conv.step, misses=0)  # a step answered: start counting again
    return replies


def digresses(turn: Turn) -> bool:
    """A question asked inside the form (not an answer to its question): "phản ánh của tôi sao rồi"
    while the form asks where it happened. The description itself ("what") is free text."""
    conv = turn.conv
    if conv.form != FORM or conv.step == "what" or turn.intent not in DIGRESSIONS:
        return False
    if turn.is_payload:
        return turn.intent == "ask_contact"  # the "talk to an official" button
    if _PHONE_RE.search(turn.text) or turn.inbound.location is not None:
        return False
    confidence = float((turn.parse.get("intent") or {}).get("confidence") or 0.0)
    if confidence < DIGRESSION_CONFIDENCE:
        return False
    # A question about an area needs one: without any, asking "which commune?" now would be read as
    # the answer to the form's own question.
    needs_area = turn.intent in ("ask_info", "ask_schedule")
    return not needs_area or bool(turn.entities("area")) or places.remembered(turn) is not None


def question(turn: Turn) -> Reply:
    """The form's current question again, with its choices."""
    step = turn.conv.step
    if step == "confirm":
        return _confirmation(turn)
    if step == "contact":
        return Reply(
            texts.FB_ASK_CONTACT, (Choice(texts.FB_GIVE_CONTACT, "/affirm"), Choice(texts.FB_NO_CONTACT, "/deny"))
        )
    if step == "details":
        return Reply(texts.FB_ASK_DETAILS, (Choice(texts.FB_NO_CONTACT, "/deny"),))
    if step == "where":
        here = places.remembered(turn)
        offered = (Choice(texts.FB_HERE.format(area=here.name), places.payload(here)),) if here else ()
        return Reply(texts.FB_ASK_WHERE, (*offered, *_cancel_choice()))
    return Reply(texts.FB_ASK_WHAT, _cancel_choice())


def resume(turn: Turn) -> Reply:
    """After answering a digression: back to the form's question."""
    asked = question(turn)
    return Reply(texts.FB_RESUME.format(question=asked.text), asked.choices)


def _not_understood(turn: Turn, lead: str = "") -> list[Reply]:
    """The answer did not fit the step: ask again once, then offer to stop or to talk to an official
    rather than repeating the same question."""
    misses = int(turn.conv.slots.get("misses") or 0) + 1
    turn.conv.goto(turn.conv.step, misses=misses)
    asked = question(turn)
    if misses >= MISSES_BEFORE_OFFER:
        choices = (Choice(texts.FB_STOP, "/stop"), Choice(texts.FB_OFFICIAL, "/ask_contact"), *asked.choices)
        unique = tuple(dict.fromkeys(choices))
        return [Reply(texts.FB_STUCK.format(question=asked.text), unique)]
    return [Reply(lead or texts.FB_NOT_UNDERSTOOD.format(question=asked.text), asked.choices)]


def _what(turn: Turn) -> list[Reply] | None:
    if turn.is_payload:
        if turn.text == "/report_feedback":
            return [Reply(texts.FB_ASK_WHAT, _cancel_choice())]
        turn.conv.finish()
        return None
    if not turn.text:
        return [Reply(texts.FB_PHOTO_ONLY if turn.inbound.images else texts.FB_ASK_WHAT, _cancel_choice())]
    if len(turn.text) > turn.config.feedback.max_text:
        return [Reply(texts.FB_WHAT_TOO_LONG.format(limit=turn.config.feedback.max_text))]
    return _take_what(turn, turn.text)


def _take_what(turn: Turn, text: str) -> list[Reply]:
    turn.conv.goto("where", text=text)
    here = places.remembered(turn)
    choices = (Choice(texts.FB_HERE.format(area=here.name), places.payload(here)),) if here else ()
    return [Reply(texts.FB_ASK_WHERE, (*choices, *_cancel_choice()))]


def _where(turn: Turn) -> list[Reply] | None:
    conv = turn.conv
    if turn.inbound.location is not None:
        lat, lon = turn.inbound.location
        conv.goto("where", lat=lat, lon=lon)
        here = places.remembered(turn)
        if here is None:
            return [Reply(texts.ASK_COMMUNE)]
        return _to_contact(turn, here.code)
    area, candidates = places.named(turn, search=True)
    if area is not None and area.parent_id is not None:
        if turn.contact.area_id is None:
            places.remember(turn, area)
        return _to_contact(turn, area.code, "" if turn.is_payload else turn.text)
    if candidates:
        return [places.choose(candidates)]
    here = places.remembered(turn)
    if here is not None and turn.text and not turn.is_payload:
        return _to_contact(turn, here.code, turn.text)
    if turn.is_payload:
        conv.finish()
        return None
    if not turn.text:
        return [Reply(texts.FB_ASK_WHERE)]
    return _not_understood(turn, texts.ASK_COMMUNE_AGAIN.format(text=turn.text[:60]))


def _to_contact(turn: Turn, area_code: str, address: str = "") -> list[Reply]:
    turn.conv.goto("contact", area_code=area_code, address=address[:300])
    contact = turn.contact
    if contact.consent_personal and contact.display_name and contact.phone_number:
        turn.conv.goto("confirm", consent=True, name=contact.display_name, phone=contact.phone_number)
        return [_confirmation(turn)]
    choices = (Choice(texts.FB_GIVE_CONTACT, "/affirm"), Choice(texts.FB_NO_CONTACT, "/deny"))
    return [Reply(texts.FB_ASK_CONTACT, choices)]


def _contact(turn: Turn) -> list[Reply] | None:
    if turn.inbound.phone or _PHONE_RE.search(turn.text):
        return _details(turn)
    if turn.intent == "affirm":
        turn.conv.goto("details")
        return [Reply(texts.FB_ASK_DETAILS, (Choice(texts.FB_NO_CONTACT, "/deny"),))]
    if turn.intent == "deny":
        turn.conv.goto("confirm", consent=False, name="", phone="")
        return [_confirmation(turn)]
    return _not_understood(turn)


def _details(turn: Turn) -> list[Reply] | None:
    if turn.intent == "deny" and not _PHONE_RE.search(turn.text):
        turn.conv.goto("confirm", consent=False, name="", phone="")
        return [_confirmation(turn)]
    phone_text = turn.inbound.phone or (m.group(0) if (m := _PHONE_RE.search(turn.text)) else "")
    name = turn.inbound.name or _PHONE_RE.sub(" ", turn.text)
    name = re.sub(r"(?i)\b(họ tên|ho ten|tên|ten|sđt|sdt|số điện thoại|so dien thoai|điện thoại|dt)\b", " ", name)
    name = " ".join(re.sub(r"[,:;()\-]", " ", name).split())[:200]
    try:
        phone = normalise_phone(phone_text) if phone_text else None
    except InvalidInput:
        phone = None
    if not phone:
        turn.conv.goto("details")
        return _not_understood(turn, texts.FB_BAD_PHONE)
    turn.conv.goto("confirm", consent=True, name=name, phone=phone)
    return [_confirmation(turn)]


def _confirmation(turn: Turn) -> Reply:
    slots = turn.conv.slots
    area = turn.uow.areas.get_by_code(slots.get("area_code", ""))
    place = ", ".join(p for p in (slots.get("address", ""), area.name if area else "") if p)
    who = texts.FB_ANONYMOUS
    if slots.get("consent"):
        who = ", ".join(p for p in (slots.get("name", ""), mask_phone(slots.get("phone")) or "") if p)
    text = texts.FB_CONFIRM.format(text=slots.get("text", "")[:500], place=place or "—", who=who)
    if slots.get("images"):
        text += texts.FB_PHOTOS.format(count=len(slots["images"]))
    choices = (
        Choice(texts.FB_SEND, "/affirm"),
        Choice(texts.FB_REWRITE, REWRITE),
        Choice(texts.FB_CANCEL, "/stop"),
    )
    return Reply(text, choices)


def _confirm(turn: Turn) -> list[Reply] | None:
    if turn.text == REWRITE:
        turn.conv.start(FORM, "what", text="", images=[], started=turn.number)
        return [Reply(texts.FB_ASK_WHAT, _cancel_choice())]
    if turn.intent == "affirm" or turn.folded in SEND_WORDS:
        return _file(turn)
    if turn.intent == "deny":
        turn.conv.finish()
        return [Reply(texts.CANCELLED, texts.MENU)]
    return _not_understood(turn)


def _file(turn: Turn) -> list[Reply]:
    slots, conv = turn.conv.slots, turn.conv
    try:
        if slots.get("consent"):
            contacts.record_consent(turn.uow, turn.contact, True, name=slots.get("name"), phone=slots.get("phone"))
        filed = intake.file_case(
            turn.uow,
            turn.config.feedback,
            turn.contact,
            slots.get("text", ""),
            area_code=slots.get("area_code") or None,
            media_urls=[
                u for u in slots.get("images", []) if u.startswith(("http://", "https://")) and len(u) <= URL_MAX
            ],
            kept_images=[u[len(KEPT_IMAGE) :] for u in slots.get("images", []) if u.startswith(KEPT_IMAGE)],
            store=turn.config.attachments,
            lat=slots.get("lat"),
            lon=slots.get("lon"),
            address=slots.get("address", ""),
            client_ref=f"chat-{conv.id}-{slots.get('started', 0)}",
        )
    except InvalidInput as exc:
        if exc.code == "identity_required":
            conv.goto("details")
            return [Reply(exc.detail + "\n" + texts.FB_ASK_DETAILS)]
        conv.finish()
        return [Reply(texts.FB_NOT_FILED.format(detail=exc.detail), texts.MENU)]
    except HubError as exc:
        conv.finish()
        return [Reply(texts.FB_NOT_FILED.format(detail=exc.detail), texts.MENU)]
    conv.finish()
    case = filed.case
    text = texts.FB_FILED.format(code=case.code, unit=case.unit_name, due=format_local(case.due_at))
    return [Reply(text, (texts.MENU[3], texts.MENU[0]))]


_STEPS = {"what": _what, "where": _where, "contact": _contact, "details": _details, "confirm": _confirm}
