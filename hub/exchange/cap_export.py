"""Our emergency bulletins as CAP 1.2, for other systems to read at a stable URL.

One alert per approved revision of an emergency bulletin: revision 1 is an `Alert`, a later one an
`Update` referencing the earlier ones, a withdrawal a `Cancel`. The identifier is stable
(`ttcs-{province}-{bulletin}-r{revision}`, `…-cancel`), so a reader that polls sees each message once.
The Vietnamese text is the first `info` block; each language variant is another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from hub.bulletins.categories import CATEGORIES
from hub.bulletins.model import Bulletin, Status
from hub.exchange.cap import NS, format_time

E = f"{{{NS}}}"
LANGS = {"vi": "vi-VN", "ede": "rad", "mnong": "cmo", "jrai": "jra"}


@dataclass(frozen=True)
class Message:
    identifier: str
    sent: datetime
    msg_type: str
    references: list[tuple[str, datetime]]  # (identifier, sent)


def messages(bulletin: Bulletin, province: str) -> list[Message]:
    """Every CAP message a bulletin gave rise to, oldest first."""
    base = f"ttcs-{province}-{bulletin.id}"
    out: list[Message] = []
    for revision in sorted(bulletin.revisions, key=lambda r: r.number):
        if revision.approved_at is None:
            continue
        refs = [(m.identifier, m.sent) for m in out]
        out.append(Message(f"{base}-r{revision.number}", revision.approved_at, "Update" if out else "Alert", refs))
    if out and bulletin.status == Status.WITHDRAWN and bulletin.ended_at is not None:
        out.append(Message(f"{base}-cancel", bulletin.ended_at, "Cancel", [(m.identifier, m.sent) for m in out]))
    return out


def _sub(parent: etree._Element, name: str, text: str) -> etree._Element:
    node = etree.SubElement(parent, f"{E}{name}")
    node.text = text
    return node


def build(bulletin: Bulletin, message: Message, sender: str, sender_name: str, areas: list[tuple[str, str]]) -> bytes:
    """`areas`: (code, name) of the receiving areas."""
    root = etree.Element(f"{E}alert", nsmap={None: NS})
    _sub(root, "identifier", message.identifier)
    _sub(root, "sender", sender)
    _sub(root, "sent", format_time(message.sent))
    _sub(root, "status", "Actual")
    _sub(root, "msgType", message.msg_type)
    _sub(root, "scope", "Public")
    if message.references:
        _sub(
            root, "references", " ".join(f"{sender},{ident},{format_time(sent)}" for ident, sent in message.references)
        )
    texts = [("vi", bulletin.title, bulletin.body), *((v.lang, v.title, v.body) for v in bulletin.variants)]
    for lang, title, body in texts:
        info = etree.SubElement(root, f"{E}info")
        _sub(info, "language", LANGS.get(lang, lang))
        _sub(info, "category", "Safety")
        _sub(info, "event", CATEGORIES[bulletin.category].label)
        _sub(info, "responseType", "Prepare" if message.msg_type != "Cancel" else "AllClear")
        _sub(info, "urgency", "Immediate")
        _sub(info, "severity", "Severe")
        _sub(info, "certainty", "Likely")
        if bulletin.valid_until is not None:
            _sub(info, "expires", format_time(bulletin.valid_until))
        _sub(info, "senderName", sender_name)
        _sub(info, "headline", title[:160])
        _sub(info, "description", body)
        area = etree.SubElement(info, f"{E}area")
        _sub(area, "areaDesc", "; ".join(name for _, name in areas))
        for code, _ in areas:
            geocode = etree.SubElement(area, f"{E}geocode")
            _sub(geocode, "valueName", "MaDVHC")
            _sub(geocode, "value", code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def feed(entries: list[tuple[str, str, datetime, str]], self_url: str, updated: datetime) -> bytes:
    """An Atom feed of CAP alerts: (identifier, title, sent, url) each."""
    atom = "http://www.w3.org/2005/Atom"
    root = etree.Element(f"{{{atom}}}feed", nsmap={None: atom})
    etree.SubElement(root, f"{{{atom}}}id").text = self_url
    etree.SubElement(root, f"{{{atom}}}title").text = "Cảnh báo khẩn cấp (CAP 1.2)"
    etree.SubElement(root, f"{{{atom}}}updated").text = format_time(updated)
    etree.SubElement(root, f"{{{atom}}}link", rel="self", href=self_url)
    for identifier, title, sent, url in entries:
        entry = etree.SubElement(root, f"{{{atom}}}entry")
        etree.SubElement(entry, f"{{{atom}}}id").text = identifier
        etree.SubElement(entry, f"{{{atom}}}title").text = title
        etree.SubElement(entry, f"{{{atom}}}updated").text = format_time(sent)
        etree.SubElement(entry, f"{{{atom}}}link", rel="alternate", type="application/cap+xml", href=url)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
