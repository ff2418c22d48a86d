"""SQL of the exchange domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hub.exchange.model import (
    CapAlert,
    OutboxEntry,
    SourceBulletin,
    SourceCluster,
    SourceMessage,
    SourceSystem,
    UpstreamState,
)
from hub.exchange.tables import (
    cap_alert_table,
    source_bulletin_table,
    source_cluster_table,
    source_message_table,
    source_system_table,
    upstream_outbox_table,
    upstream_state_table,
)

ss, sm, sb, sc = source_system_table.c, source_message_table.c, source_bulletin_table.c, source_cluster_table.c
ob, ca = upstream_outbox_table.c, cap_alert_table.c


class ExchangeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, item: object) -> None:
        self._session.add(item)

    def flush(self) -> None:
        self._session.flush()

    # -- sources ---------------------------------------------------------------------------------

    def source(self, code: str) -> SourceSystem | None:
        return self._session.scalars(select(SourceSystem).where(ss.code == code)).one_or_none()

    def source_of_user(self, user_id: int) -> SourceSystem | None:
        return self._session.scalars(select(SourceSystem).where(ss.user_id == user_id)).one_or_none()

    def sources(self) -> Sequence[SourceSystem]:
        return self._session.scalars(select(SourceSystem).order_by(ss.code)).all()

    def message(self, source_id: int, key: str) -> SourceMessage | None:
        query = select(SourceMessage).where(sm.source_id == source_id, sm.message_key == key)
        return self._session.scalars(query).one_or_none()

    def bulletin_link(self, source_id: int, ban_tin_id: str, *, for_update: bool = False) -> SourceBulletin | None:
        query = select(SourceBulletin).where(sb.source_id == source_id, sb.ban_tin_id == ban_tin_id)
        return self._session.scalars(query.with_for_update() if for_update else query).one_or_none()

    def ban_tin_ids(self, bulletin_ids: Sequence[int]) -> dict[int, str]:
        query = select(sb.bulletin_id, sb.ban_tin_id).where(sb.bulletin_id.in_(list(bulletin_ids)))
        return {row.bulletin_id: row.ban_tin_id for row in self._session.execute(query)}

    def cluster(self, source_id: int, cluster_id: str) -> SourceCluster | None:
        query = select(SourceCluster).where(sc.source_id == source_id, sc.cluster_id == cluster_id)
        return self._session.scalars(query).one_or_none()

    # -- the outbox ------------------------------------------------------------------------------

    def state(self, name: str, *, for_update: bool = False) -> UpstreamState | None:
        query = select(UpstreamState).where(upstream_state_table.c.name == name)
        return self._session.scalars(query.with_for_update() if for_update else query).one_or_none()

    def outbox_keys(self, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        return set(self._session.scalars(select(ob.dedupe_key).where(ob.dedupe_key.in_(list(keys)))))

    def unsent(self, limit: int, up_to: int | None = None) -> Sequence[OutboxEntry]:
        query = select(OutboxEntry).where(ob.sent_at.is_(None)).order_by(ob.id).limit(limit)
        if up_to is not None:
            query = query.where(ob.id <= up_to)
        return self._session.scalars(query).all()

    def backlog(self) -> tuple[int, datetime | None]:
        row = self._session.execute(select(func.count(), func.min(ob.created_at)).where(ob.sent_at.is_(None))).one()
        return int(row[0]), row[1]

    def sent_count(self) -> int:
        return int(self._session.execute(select(func.count()).where(ob.sent_at.is_not(None))).scalar_one())

    # -- CAP -------------------------------------------------------------------------------------

    def cap_alert(self, sender: str, identifier: str, sent: datetime | None = None) -> CapAlert | None:
        query = select(CapAlert).where(ca.sender == sender, ca.identifier == identifier)
        if sent is not None:
            query = query.where(ca.sent == sent)
        return self._session.scalars(query.order_by(ca.id.desc()).limit(1)).first()

    def cap_for_bulletin(self, bulletin_id: int) -> CapAlert | None:
        query = select(CapAlert).where(ca.bulletin_id == bulletin_id).order_by(ca.id).limit(1)
        return self._session.scalars(query).first()
