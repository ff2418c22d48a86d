"""The bot's working parts for one hub, built once per hub (a service of the hub) and shared by the
requests and jobs of that process: the NLU fed with the live areas table, and the dialogue."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogue.engine import Dialogue
from bot.dialogue.recent import Recent
from bot.dialogue.turn import DialogueConfig
from bot.officials.commands import OfficialCommands
from bot.settings import BotSettings
from bot.understanding import Understanding
from hub.context import Hub, ServiceKey
from hub.feedback.config import feedback_config
from hub.feedback.intake.attachments import AttachmentStore


@dataclass
class Runtime:
    hub: Hub
    understanding: Understanding
    dialogue: Dialogue


RUNTIME = ServiceKey[Runtime]("bot.runtime")


def runtime_for(hub: Hub) -> Runtime:
    """The hub's chat runtime (built on first use; registered by `bot.plugin`)."""
    return hub.service(RUNTIME)


def build(hub: Hub) -> Runtime:
    settings = hub.settings
    understanding = Understanding(hub.settings, hub.database.engine)
    config = DialogueConfig(
        public_url=settings.public_url,
        feedback=feedback_config(hub),
        hotline=settings.of(BotSettings).chat_hotline,
        office_phones=DialogueConfig.parse_phones(settings.of(BotSettings).chat_office_phones),
        max_chars=settings.of(BotSettings).chat_max_message_chars,
        recent=Recent(settings.of(BotSettings).chat_answer_cache_seconds),
        attachments=AttachmentStore.from_settings(settings),
    )
    dialogue = Dialogue(understanding.parse, config, OfficialCommands(settings))
    return Runtime(hub, understanding, dialogue)
