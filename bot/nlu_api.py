"""`POST /model/parse`: Rasa's NLU endpoint, same request and response, served by the hub.

Channels and partner systems written against a Rasa server can point at the hub instead. The
answer comes from the engine the settings choose (`bot.understanding`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from bot.runtime import runtime_for
from bot.understanding import Understanding
from hub.http.deps import HubDep

router = APIRouter(tags=["nlu"])

MAX_TEXT = 10_000


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    text: str = Field(max_length=MAX_TEXT, description="Tin nhắn của người dân, có dấu hay không dấu đều được.")
    message_id: str | None = Field(None, description="Mã tin nhắn (như Rasa; không bắt buộc).")


class Intent(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str | None
    confidence: float


class EntityOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    entity: str
    start: int
    end: int
    value: Any
    extractor: str | None = None


class ParseResult(BaseModel):
    """Rasa's parse result. `area` entities carry the area code as `value` and the canonical
    name in `additional_info`; `intent.name` is `nlu_fallback` when the engine is unsure."""

    model_config = ConfigDict(extra="allow")

    text: str
    intent: Intent
    entities: list[EntityOut]
    intent_ranking: list[Intent] = []


def get_understanding(hub: HubDep) -> Understanding:
    """The process's NLU for this hub, shared with the dialogue (`bot.runtime`)."""
    return runtime_for(hub).understanding


UnderstandingDep = Annotated[Understanding, Depends(get_understanding)]


@router.post(
    "/model/parse",
    response_model=ParseResult,
    response_model_exclude_unset=True,
    summary="Hiểu một tin nhắn (ý định và thực thể, như Rasa)",
)
def parse(body: ParseRequest, understanding: UnderstandingDep) -> dict[str, Any]:
    return understanding.parse(body.text)
