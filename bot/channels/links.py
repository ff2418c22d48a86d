"""Links in replies, for the channels that can show them as buttons.

Replies are text (the dialogue writes "Nghe: https://…", "Đọc: https://…" under a bulletin's title).
A channel that has URL buttons adds one per link (Telegram's inline keyboards, Zalo's
`oa.open.url`); the web chat makes them clickable; SMS and the phone keep the text. The text itself
always keeps the links, so a channel that refuses a button degrades to the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TITLE_MAX = 40
_URL = re.compile(r"https?://[^\s<>\"']+")
_LABEL = re.compile(r"([^\s:•]+(?: [^\s:•]+)?):\s*$")


@dataclass(frozen=True)
class Link:
    title: str
    url: str


def links(text: str, *, limit: int = 10) -> list[Link]:
    """The links of a reply, each titled by the word before it and the item it belongs to
    ("Đọc – Lịch tiêm phòng dại"); at most `limit`, each once."""
    found: list[Link] = []
    seen: set[str] = set()
    item = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("•"):
            item = stripped.lstrip("• ").split(" (")[0].strip()
        for match in _URL.finditer(line):
            url = match.group(0).rstrip(".,;)")
            if url in seen:
                continue
            seen.add(url)
            label = _LABEL.search(line[: match.start()])
            title = label.group(1) if label else "Mở liên kết"
            if item:
                title = f"{title} – {item}"
            found.append(Link(title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…", url))
            if len(found) >= limit:
                return found
    return found
