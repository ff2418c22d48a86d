"""Subscribe to an area's news (of a topic, or all), and stop."""

from __future__ import annotations

from bot.dialogue import texts
from bot.dialogue.reply import Reply
from bot.dialogue.turn import Turn
from hub.areas.model import Area
from hub.contacts.model import CHANNEL_LABELS
from hub.subscriptions import service as subscriptions
from hub.subscriptions.model import topic_label


def subscribe(turn: Turn, area: Area) -> list[Reply]:
    topic = turn.entity("topic")
    followed, created = subscriptions.subscribe(turn.uow, turn.contact, area.code, str(topic) if topic else None)
    label = topic_label(followed.topic)
    if not created:
        return [Reply(texts.SUB_ALREADY.format(area=area.name, topic=label) + texts.SUB_HOW_TO_STOP)]
    channel = turn.contact.channel
    where = (
        texts.SUB_WHERE_WEB
        if channel == "web"
        else texts.SUB_WHERE_CHANNEL.format(channel=CHANNEL_LABELS.get(channel, channel))
    )
    return [Reply(texts.SUB_DONE.format(area=area.name, topic=label, where=where) + texts.SUB_HOW_TO_STOP)]


def unsubscribe(turn: Turn, area: Area | None) -> list[Reply]:
    removed = subscriptions.unsubscribe(turn.uow, turn.contact, area.code if area else None)
    if not removed:
        return [Reply(texts.UNSUB_NONE, (texts.MENU[4],))]
    return [Reply(texts.UNSUB_DONE.format(what=f" của {area.name}" if area else ""))]
