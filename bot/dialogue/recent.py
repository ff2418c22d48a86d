"""Answers given a moment ago, kept a few seconds (`TTCS_CHAT_ANSWER_CACHE_SECONDS`): many citizens
of a commune ask "what is new?" at once after a loudspeaker session, and the answer is the same.
One per hub in a process; a bulletin published meanwhile shows in answers after at most that long."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Recent:
    def __init__(self, seconds: float, size: int = 2048) -> None:
        self.seconds = seconds
        self.size = size
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.seconds <= 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] > now:
                return found[1]
        value = compute()
        with self._lock:
            self._items[key] = (now + self.seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
