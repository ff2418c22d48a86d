"""CAP 1.2 documents for the tests, written as a national warning agency writes them, and the
official schema to check them (and ours) against."""

from __future__ import annotations

from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from lxml import etree

from hub.exchange import cap
from hub.kit.time import VN_TZ

XSD = cap.XSD
SENDER = "canhbao@nchmf.gov.vn"
_schema: etree.XMLSchema | None = None


def validate(data: bytes) -> None:
    global _schema
    if _schema is None:
        _schema = etree.XMLSchema(etree.parse(str(XSD)))
    doc = etree.fromstring(data)
    if not _schema.validate(doc):
        raise AssertionError(f"not valid CAP 1.2: {_schema.error_log}")


def stamp(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).replace(microsecond=0).isoformat()


def info(lang: str, headline: str, description: str, codes: list[str], expires: datetime | None) -> str:
    geocodes = "".join(f"<geocode><valueName>MaDVHC</valueName><value>{c}</value></geocode>" for c in codes)
    expiry = f"<expires>{stamp(expires)}</expires>" if expires else ""
    return (
        f"<info><language>{lang}</language><category>Met</category><event>Lũ quét</event>"
        f"<urgency>Immediate</urgency><severity>Severe</severity><certainty>Likely</certainty>{expiry}"
        f"<senderName>Trung tâm Dự báo KTTV quốc gia</senderName><headline>{escape(headline)}</headline>"
        f"<description>{escape(description)}</description><instruction>Di chuyển lên vùng cao ngay.</instruction>"
        f"<area><areaDesc>Ea Kao; Cư M'gar</areaDesc>{geocodes}</area></info>"
    )


def alert(
    identifier: str,
    *,
    msg_type: str = "Alert",
    sent: datetime | None = None,
    references: list[tuple[str, datetime]] = (),
    codes: list[str] = ("24169", "24280"),
    headline: str = "Cảnh báo lũ quét, sạt lở đất",
    status: str = "Actual",
    sender: str = SENDER,
    ede: bool = True,
    expires: datetime | None = None,
) -> bytes:
    sent = sent or datetime.now(VN_TZ)
    expires = expires or sent + timedelta(hours=12)
    refs = ""
    if references:
        refs = "<references>" + " ".join(f"{sender},{i},{stamp(s)}" for i, s in references) + "</references>"
    blocks = info("vi-VN", headline, "Mưa lớn gây nguy cơ lũ quét tại các xã ven suối.", list(codes), expires)
    if ede:
        blocks += info("rad", "Klei mtă kơ êa lip", "Hjan lu dưn mâo êa lip.", list(codes), expires)
    blocks += info("en-US", "Flash flood warning", "Heavy rain may cause flash floods.", list(codes), expires)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">'
        f"<identifier>{identifier}</identifier><sender>{sender}</sender><sent>{stamp(sent)}</sent>"
        f"<status>{status}</status><msgType>{msg_type}</msgType><scope>Public</scope>{refs}{blocks}</alert>"
    )
    data = body.encode()
    validate(data)
    return data
