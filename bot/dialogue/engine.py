"""The dialogue engine: one stored conversation per citizen, one turn per inbound message.

    replies = dialogue.respond(uow, contact, inbound)

The conversation row is locked for the turn, so several processes may serve one conversation; the
caller commits the turn's effects (a case filed, a subscription, the new state) together with the
replies. Order of a turn: a typed number picks an offered choice → the officials' commands → the
form in progress (feedback, "which commune?", status) → the intent the NLU found.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from bot.dialogue import answers, feedback_form, places, programme, subscribing, texts, tracking
from bot.dialogue.contacting import contact_replies
from bot.dialogue.reply import Reply, key_choice
from bot.dialogue.turn import DialogueConfig, Turn
from bot.model import FOLLOW, INFO, LOCATION, UNFOLLOW, Conversation, Inbound
from bot.repository import ConversationRepository
from hub.areas.model import Area
from hub.contacts.model import Contact
from hub.db.uow import UnitOfWork
from hub.kit.text import fold
from hub.kit.time import utcnow
from hub.subscriptions import service as subscriptions

Parse = Callable[[str], dict[str, Any]]
# Intents answered for an area: the one named, the one remembered, or the one asked for.
AREA_INTENTS: dict[str, Callable[[Turn, Area], list[Reply]]] = {
    "ask_info": answers.info,
    "ask_schedule": programme.schedule,
    "subscribe": subscribing.subscribe,
}


class Commands(Protocol):
    """Officials' chat commands (`bot.officials`), plugged into the engine."""

    forms: dict[str, Callable[[Turn], list[Reply] | None]]

    def handles(self, turn: Turn) -> bool: ...

    def run(self, turn: Turn) -> list[Reply]: ...


class Dialogue:
    def __init__(self, parse: Parse, config: DialogueConfig, commands: Commands | None = None) -> None:
        self.parse = parse
        self.config = config
        self.commands = commands
        self.forms: dict[str, Callable[[Turn], list[Reply] | None]] = {
            feedback_form.FORM: feedback_form.step,
            places.COMMUNE: self._commune,
            tracking.FORM: tracking.status,
            **(commands.forms if commands else {}),
        }

    def respond(
        self, uow: UnitOfWork, contact: Contact, inbound: Inbound, conv: Conversation | None = None
    ) -> list[Reply]:
        """The replies to one message; `conv`: the contact's conversation if the caller locked it."""
        if conv is None:
            conv = ConversationRepository(uow.session).open(contact.id, utcnow())
        number = conv.turns + 1
        replies = self._turn(uow, contact, conv, inbound, number)
        # Counted with the choices, not before the turn: the turn's reads would flush the count alone,
        # one UPDATE of the conversation more per message.
        conv.turns = number
        # Typed numbers pick among the choices of the last reply.
        conv.choices = [c.payload for c in replies[-1].choices] if replies else []
        conv.updated_at = utcnow()
        return replies

    def _turn(
        self, uow: UnitOfWork, contact: Contact, conv: Conversation, inbound: Inbound, number: int
    ) -> list[Reply]:
        if inbound.kind == FOLLOW:
            conv.finish()
            return answers.menu(texts.GREETING)
        if inbound.kind == UNFOLLOW:  # the OA may not write to them any more: stop their news, say nothing
            conv.finish()
            subscriptions.unsubscribe(uow, contact)
            return []
        text = self._picked(conv, inbound.text)
        if not text and not inbound.images and inbound.location is None and inbound.kind != INFO:
            return [Reply(texts.EMPTY)]
        in_description = conv.form == feedback_form.FORM and conv.step == "what"
        if len(text) > self.config.max_chars and not in_description:
            return [Reply(texts.TOO_LONG.format(limit=self.config.max_chars))]
        parsed = self.parse(text) if text else {}
        turn = Turn(uow, self.config, contact, conv, inbound, text, parsed, self.parse, number)
        if self.commands is not None and self.commands.handles(turn):
            return self.commands.run(turn)
        if feedback_form.digresses(turn):
            return self._digression(turn)
        if conv.form:
            form = self.forms.get(conv.form)
            replies = form(turn) if form is not None else None
            if replies is not None:
                conv.misses = 0
                return replies
            conv.finish()
        if inbound.images:
            return feedback_form.start(turn)
        if inbound.kind in (LOCATION, INFO) and not text:
            return answers.menu(texts.NOTED)
        return self._intent(turn)

    def _digression(self, turn: Turn) -> list[Reply]:
        """A question inside the feedback form: answered as it would be outside, then the form
        resumes where it was (whatever the answer did to the conversation's form)."""
        conv = turn.conv
        form, step, slots = conv.form, conv.step, dict(conv.slots)
        replies = self._intent(turn)
        conv.form, conv.step, conv.slots = form, step, slots
        return [*replies, feedback_form.resume(turn)]

    @staticmethod
    def _picked(conv: Conversation, text: str) -> str:
        """A typed number, or the title of an offered choice typed out, stands for its payload."""
        picked = key_choice(conv.choices, text)
        return picked if picked is not None else text

    def _intent(self, turn: Turn) -> list[Reply]:
        intent = turn.intent
        if intent not in ("nlu_fallback", "out_of_scope"):
            turn.conv.misses = 0
        if intent in AREA_INTENTS:
            area, candidates = places.named(turn)
            if area is not None and area.parent_id is not None:
                if turn.contact.area_id is None:
                    places.remember(turn, area)
                return AREA_INTENTS[intent](turn, area)
            if candidates:
                turn.conv.start(places.COMMUNE, "ask", then=intent, text=turn.text, tries=0)
                return [places.choose(candidates)]
            here = places.remembered(turn)
            if here is not None:
                return AREA_INTENTS[intent](turn, here)
            return places.ask(turn, intent, text=turn.text)
        if intent == "report_feedback":
            return feedback_form.start(turn)
        if intent == "check_feedback_status":
            return tracking.status(turn)
        if intent == "unsubscribe":
            area, _ = places.named(turn)
            return subscribing.unsubscribe(turn, area)
        if intent == "inform_location":
            area, candidates = places.named(turn, search=True)
            if area is not None and area.parent_id is not None:
                places.remember(turn, area)
                return answers.menu(texts.REMEMBERED.format(area=area.name) + "\n" + texts.HELP)
            if candidates:
                return [places.choose(candidates)]
        return self._simple(turn, intent)

    def _simple(self, turn: Turn, intent: str) -> list[Reply]:
        if intent in ("greet", "start"):
            return answers.menu(texts.GREETING)
        if intent in ("help", "affirm", "deny", "inform_location"):
            return answers.menu(texts.HELP)
        if intent == "thanks":
            return [Reply(texts.THANKS)]
        if intent == "goodbye":
            return [Reply(texts.GOODBYE)]
        if intent == "ask_contact":
            return contact_replies(turn)
        if intent == "out_of_scope":
            return answers.fallback(turn, texts.OUT_OF_SCOPE)
        return answers.fallback(turn, texts.REPHRASE)

    def _commune(self, turn: Turn) -> list[Reply] | None:
        """The answer to "which commune?"; then the question that needed it."""
        if turn.text == "/stop" or fold(turn.text) in feedback_form.CANCEL_WORDS:
            turn.conv.finish()
            return [Reply(texts.CANCELLED, texts.MENU)]
        if turn.is_payload and not turn.text.startswith("/inform_location"):
            return None  # a menu button: the citizen moved on
        area, replies = places.answer(turn)
        if area is None:
            return replies
        slots = dict(turn.conv.slots)
        turn.conv.finish()
        places.remember(turn, area)
        then = AREA_INTENTS.get(str(slots.get("then")))
        lead = Reply(texts.REMEMBERED.format(area=area.name))
        if then is None:
            return [lead]
        asked = turn.again(str(slots.get("text") or ""))
        return [lead, *then(asked, area)]
