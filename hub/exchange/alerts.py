"""Use cases of CAP 1.2 alerts: import (a file, an HTTP POST, a polled feed) and export.

Import, on channel `cap`, by whoever caused it: the official who posted the alert (the API, or a file
imported `--as` an official), bound by their role and area like any bulletin action; otherwise the
sender itself as a partner acting for the province (a polled feed, a file at the console). Either is
the actor of the audit rows, never "system". The rules are those of the bulletin services:
- `Alert` → an emergency bulletin for the areas named by the `geocode` values (our administrative
  codes; an unknown code refuses the whole alert, naming it). The Vietnamese `info` block is the text;
  other `info` blocks become language variants; `expires` is the end. From a trusted sender
  (`TTCS_CAP_TRUSTED_SENDERS`) it is issued and plays at once (`issue_emergency`); otherwise it waits
  for an approver (`submit_emergency`). Either way only inside the areas the actor approves for.
- `Update` → the earlier alert's bulletin gets the new text, areas and end (`revise_emergency`: a new
  revision, approved at once for a trusted sender, so devices switch to it at once).
- `Cancel` → the earlier alert's bulletin is withdrawn (`withdraw`); devices stop it.
- With `TTCS_CAP_SIGNING_CERTS` set, unsigned, badly signed and untrusted alerts are refused.
- The same alert (sender, identifier, sent) is imported once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta

from hub.accounts.model import Principal, Role, Scope
from hub.areas import service as areas
from hub.areas.model import Area, common_path
from hub.bulletins import service as bulletins
from hub.bulletins.categories import Category
from hub.bulletins.model import Bulletin, Content, Priority, Status, Variant
from hub.config import Settings
from hub.db.uow import UnitOfWork
from hub.exchange import cap
from hub.exchange.model import CapAlert
from hub.exchange.repository import ExchangeRepository
from hub.exchange.settings import ExchangeSettings
from hub.kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from hub.kit.time import utcnow

log = logging.getLogger(__name__)
# CAP languages (RFC 3066) → our variant codes; Vietnamese is the bulletin's own text.
DEFAULT_LIFETIME = timedelta(hours=6)  # an alert without <expires>
LANGS = {"rad": "ede", "cmo": "mnong", "mnc": "mnong", "jra": "jrai"}


@dataclass(frozen=True)
class Imported:
    alert: CapAlert
    bulletin: Bulletin | None
    outcome: str  # created / updated / cancelled / duplicate / ignored

    @property
    def detail(self) -> str:
        return {
            "created": "Đã nhận cảnh báo",
            "updated": "Đã cập nhật cảnh báo",
            "cancelled": "Đã hủy cảnh báo",
            "duplicate": "Cảnh báo này đã được nhận trước đó",
            "ignored": "Thông điệp không cần xử lý",
        }[self.outcome]


def _csv(value: str) -> set[str]:
    return {part.strip() for part in value.split(",") if part.strip()}


def read_alert(settings: Settings, data: bytes) -> cap.Alert:
    """Parse, checking the signature first when signing is configured."""
    if settings.of(ExchangeSettings).cap_signing_certs:
        root = cap.verified(data, cap.load_certs(settings.of(ExchangeSettings).cap_signing_certs))
        alert = cap.read(root, signed=True)
        if alert.sender not in _csv(settings.of(ExchangeSettings).cap_trusted_senders):
            raise Forbidden(f"Nguồn cảnh báo “{alert.sender}” không nằm trong danh sách tin cậy.", code="cap_untrusted")
        return alert
    return cap.read(cap.document(data))


def import_alert(
    uow: UnitOfWork, settings: Settings, data: bytes, channel: str, principal: Principal | None = None
) -> Imported:
    """`principal`: the official who posted the alert; everything it does is then checked against
    their role and area, so a trusted `sender` written into a document cannot reach beyond them.
    Without one (a configured feed, a file at the console) the sender acts as a partner."""
    alert = read_alert(settings, data)
    repo = ExchangeRepository(uow.session)
    known = repo.cap_alert(alert.sender, alert.identifier, alert.sent)
    if known is not None:
        return Imported(known, uow.bulletins.get(known.bulletin_id) if known.bulletin_id else None, "duplicate")
    if alert.status != "Actual":
        raise InvalidInput(
            f"Cảnh báo CAP có status “{alert.status}”: chỉ cảnh báo thật (Actual) mới được phát.",
            code="cap_not_actual",
            field="status",
        )
    trusted = alert.sender in _csv(settings.of(ExchangeSettings).cap_trusted_senders)
    acting = replace(principal, channel="cap") if principal is not None else _partner(uow, alert.sender)
    record = CapAlert(
        alert.sender, alert.identifier, alert.sent, alert.msg_type, utcnow(), channel, trusted,
        refs=[",".join(r) for r in alert.references],
    )  # fmt: skip
    if alert.msg_type in ("Ack", "Error"):
        repo.add(record)
        return Imported(record, None, "ignored")
    if alert.msg_type == "Alert":
        content, creating = _content(uow, alert)
        if trusted:
            bulletin = bulletins.issue_emergency(uow, acting, content, creating.code)
        else:
            bulletin = bulletins.submit_emergency(uow, acting, content, creating.code)
        bulletin.origin = f"cảnh báo CAP của {alert.sender} ({alert.identifier})"[:200]
        outcome = "created"
    else:
        earlier = _earlier(repo, alert)
        assert earlier.bulletin_id is not None  # _earlier finds only alerts that made a bulletin
        bulletin = bulletins.get(uow, acting, earlier.bulletin_id, for_update=True)
        if alert.msg_type == "Cancel":
            if bulletin.status in (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED):
                reason = f"Cảnh báo bị hủy bởi {alert.sender} (CAP {alert.identifier})."
                bulletin = bulletins.withdraw(uow, acting, bulletin.id, reason)
            outcome = "cancelled"
        else:
            if bulletin.status in (Status.WITHDRAWN, Status.EXPIRED, Status.REJECTED):
                raise Conflict(
                    f"Cảnh báo trước (tin số {bulletin.id}) đã kết thúc: không cập nhật được.", code="cap_closed"
                )
            content, _ = _content(uow, alert)
            bulletin = bulletins.revise_emergency(uow, acting, bulletin.id, content, approve_now=trusted)
            outcome = "updated"
    record.bulletin_id = bulletin.id
    repo.add(record)
    repo.flush()
    return Imported(record, bulletin, outcome)


def _partner(uow: UnitOfWork, sender: str) -> Principal:
    """The sender of an alert nobody posted (a polled feed, a file at the console): a partner that the
    operator configured for the whole province, audited under its own name."""
    root = uow.areas.root()
    assert root is not None  # the province is seeded before anything is imported
    scope = Scope(Role.APPROVER, root.code, root.name, root.path)
    return Principal.partner(f"cap:{sender}", f"Nguồn cảnh báo CAP {sender}", (scope,), "cap")


def _earlier(repo: ExchangeRepository, alert: cap.Alert) -> CapAlert:
    for sender, identifier, sent in reversed(alert.references):
        if sender != alert.sender:
            continue
        found = repo.cap_alert(sender, identifier, cap.parse_time(sent, "references"))
        if found is not None and found.bulletin_id is not None:
            return found
    names = ", ".join(identifier for _, identifier, _ in alert.references)
    if any(sender != alert.sender for sender, _, _ in alert.references):
        raise Forbidden("Chỉ nguồn đã phát cảnh báo mới được cập nhật hoặc hủy nó.", code="cap_foreign_reference")
    raise NotFound(f"Không tìm thấy cảnh báo trước được tham chiếu: {names}.", code="cap_reference_unknown")


def _content(uow: UnitOfWork, alert: cap.Alert) -> tuple[Content, Area]:
    main = next((i for i in alert.infos if i.lang.lower().startswith("vi")), None)
    if main is None:
        raise InvalidInput("Cảnh báo CAP cần một khối <info> tiếng Việt (language vi-VN).", code="cap_no_vietnamese",
                           field="info")  # fmt: skip
    codes = list(dict.fromkeys(code for info in alert.infos for code in info.geocodes))
    if not codes:
        raise InvalidInput("Cảnh báo CAP không có <geocode> nào chỉ địa bàn.", code="cap_no_area", field="geocode")
    targets = areas.resolve(uow, codes, field="geocode")
    variants: list[Variant] = []
    for info in alert.infos:
        primary = info.lang.lower().split("-")[0]
        if info is main or primary == "vi":
            continue
        lang = LANGS.get(primary, primary)[:16]
        if lang not in {v.lang for v in variants}:
            variants.append(Variant(lang, _title(info), _body(info)))
    now = utcnow()
    expires = main.expires or now + DEFAULT_LIFETIME
    if expires <= now:
        raise InvalidInput("Cảnh báo CAP đã hết hạn (<expires> đã qua).", code="cap_expired", field="expires")
    content = Content(
        title=_title(main), body=_body(main), category=Category.DISASTER_EMERGENCY, priority=Priority.EMERGENCY,
        valid_from=now, valid_until=expires, target_codes=tuple(a.code for a in targets),
        summary=main.headline[:1000], variants=tuple(variants),
    )  # fmt: skip
    return content, _common(uow, targets)


def _title(info: cap.Info) -> str:
    return (info.headline or info.event)[:200]


def _body(info: cap.Info) -> str:
    return "\n".join(part for part in (info.description, info.instruction) if part) or info.headline or info.event


def _common(uow: UnitOfWork, targets: list[Area]) -> Area:
    """The deepest area that holds every target (the issuing unit of the bulletin)."""
    common = common_path([t.path for t in targets])
    return next(a for a in [*uow.areas.ancestors(targets[0]), targets[0]] if a.path == common)
