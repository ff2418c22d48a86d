"""`POST /model/parse`: Rasa's NLU endpoint, same request and response, served by the hub.

Channels and partner systems written against a Rasa server can point at the hub instead. The
answer comes from the engine the settings choose (`bot.understanding`).
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from bot.understanding import Understanding
from hub.http.deps import HubDep

router = APIRouter(tags=["nlu"])
_build_lock = threading.Lock()

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


def get_understanding(request: Request, hub: HubDep) -> Understanding:
    state = request.app.state
    understanding = getattr(state, "understanding", None)
    if understanding is None:
        with _build_lock:
            understanding = getattr(state, "understanding", None)
            if understanding is None:
                understanding = state.understanding = Understanding(hub)
    return understanding  # type: ignore[no-any-return]


UnderstandingDep = Annotated[Understanding, Depends(get_understanding)]


@router.post(
    "/model/parse",
    response_model=ParseResult,
    response_model_exclude_unset=True,
    summary="Hiểu một tin nhắn (ý định và thực thể, như Rasa)",
)
def parse(body: ParseRequest, understanding: UnderstandingDep) -> dict[str, Any]:
    return understanding.parse(body.text)
