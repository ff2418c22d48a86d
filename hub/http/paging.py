"""A page of results, the same shape everywhere in the API."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from hub.http.params import INT64_MAX

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


Limit = Annotated[int, Query(ge=1, le=200, description="Số mục mỗi trang (1–200).")]
Offset = Annotated[int, Query(ge=0, le=INT64_MAX, description="Bỏ qua bao nhiêu mục đầu.")]
