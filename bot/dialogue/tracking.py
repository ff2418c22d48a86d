"""What became of a feedback: by its code, or the citizen's latest."""

from __future__ import annotations

from bot.dialogue import texts
from bot.dialogue.reply import Reply
from bot.dialogue.turn import Turn
from hub.feedback import citizen_view
from hub.feedback.model import parse_code
from hub.kit.errors import NotFound
from hub.kit.time import format_local, local, utcnow

FORM = "status"


def status(turn: Turn) -> list[Reply]:
    code = turn.entity("case_code")
    if not code and turn.conv.form == FORM:
        code = parse_code(turn.text, local(utcnow()).year) if any(ch.isdigit() for ch in turn.text) else None
    if not code and turn.conv.form != FORM:
        code = turn.uow.cases.latest_code_from(turn.contact.id)
    if not code:
        if turn.conv.form == FORM:
            turn.conv.finish()
            return [Reply(texts.ST_ASK_CODE.replace("Bà con cho biết", "Chưa thấy mã. Bà con cho biết"), texts.MENU)]
        turn.conv.start(FORM, "code")
        return [Reply(texts.ST_ASK_CODE)]
    turn.conv.finish()
    try:
        seen = citizen_view.status(turn.uow, turn.config.feedback, str(code), contact=turn.contact)
    except NotFound as exc:
        return [Reply(exc.detail, texts.MENU)]
    text = texts.ST_LINE.format(
        code=seen.code, status=seen.status_label, unit=seen.unit_name, due=format_local(seen.due_at)
    )
    if seen.merged_into:
        text += texts.ST_MERGED.format(code=seen.merged_into)
    if seen.overdue:
        text += texts.ST_OVERDUE
    if seen.answer:
        text += texts.ST_ANSWER.format(answer=seen.answer)
    if seen.reason:
        text += texts.ST_REASON.format(reason=seen.reason)
    return [Reply(text)]
