"""Use cases of relays ("tiếp sóng"): admins register upstream sources and set the recurring
windows of a commune's programme; the supervisor marks relays up or down; manifests read the
streams a device plays. One implementation for the API, the pages and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hub.accounts.access import areas_for, require
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.audit.service import record
from hub.db.uow import UnitOfWork
from hub.kit.errors import InvalidInput, NotFound
from hub.kit.time import utcnow
from hub.streams.events import RelayFailed, RelayProgrammeChanged, RelayRecovered
from hub.streams.model import RelaySource, RelayState, RelayWindow, check_name, check_upstream
from hub.streams.repository import StreamRepository


def repo(uow: UnitOfWork) -> StreamRepository:
    return StreamRepository(uow.session)


def list_sources(uow: UnitOfWork, principal: Principal) -> list[RelaySource]:
    reach = areas_for(principal, Permission.READ)
    return repo(uow).sources(reach.limited_to)


def get_source(uow: UnitOfWork, principal: Principal, source_id: int) -> RelaySource:
    source = repo(uow).source(source_id)
    reach = areas_for(principal, Permission.READ)
    if source is None or not (reach.everything or any(
        p.startswith(source.area_path) or source.area_path.startswith(p) for p in reach.subtrees
    )):  # fmt: skip
        raise NotFound(f"Không tìm thấy nguồn tiếp sóng số {source_id}.", code="relay_not_found")
    return source


def add_source(uow: UnitOfWork, principal: Principal, name: str, upstream_url: str, area_code: str) -> RelaySource:
    area = areas.get(uow, area_code)
    require(principal, Permission.MANAGE_AREAS, area)
    source = RelaySource(
        name=check_name(name),
        upstream_url=check_upstream(upstream_url),
        area_id=area.id,
        area_code=area.code,
        area_path=area.path,
        created_at=utcnow(),
        state_since=utcnow(),
    )
    repo(uow).add(source)
    record(uow, principal, "relay.add", "relay", source.id, area_code=area.code,
           details={"name": source.name, "url": source.upstream_url})  # fmt: skip
    return source


def remove_source(uow: UnitOfWork, principal: Principal, source_id: int) -> None:
    source = repo(uow).source(source_id)
    if source is None:
        raise NotFound(f"Không tìm thấy nguồn tiếp sóng số {source_id}.", code="relay_not_found")
    require(principal, Permission.MANAGE_AREAS, areas.get(uow, source.area_code))  # refused: 403 naming the area
    paths = tuple(sorted({w.area_path for w in repo(uow).windows(source_id=source.id)}))
    for window in repo(uow).windows(source_id=source.id):
        repo(uow).delete(window)
    repo(uow).delete(source)
    record(uow, principal, "relay.remove", "relay", source_id, area_code=source.area_code,
           details={"name": source.name})  # fmt: skip
    if paths:
        uow.emit(RelayProgrammeChanged(area_paths=paths))


def list_windows(uow: UnitOfWork, principal: Principal, area_code: str | None = None) -> list[RelayWindow]:
    reach = areas_for(principal, Permission.READ)
    if area_code:
        area = areas.get(uow, area_code)
        require(principal, Permission.READ, area)
        return repo(uow).windows(paths=[area.path])
    return repo(uow).windows(paths=reach.limited_to)


def add_window(
    uow: UnitOfWork,
    principal: Principal,
    source_id: int,
    area_code: str,
    starts: str,
    ends: str,
    days: list[int] | None = None,
) -> RelayWindow:
    area = areas.get(uow, area_code)
    require(principal, Permission.MANAGE_AREAS, area)
    source = get_source(uow, principal, source_id)
    if not area.path.startswith(source.area_path):
        raise InvalidInput(
            f"Nguồn “{source.name}” được đăng ký cho {source.area_code}: không dùng được cho địa bàn {area.name}.",
            code="relay_outside_area",
        )
    window = RelayWindow.create(source.id, area.id, area.code, area.path, starts, ends, days or [])
    window.created_at = utcnow()
    repo(uow).add(window)
    record(uow, principal, "relay.window.add", "relay", source.id, area_code=area.code,
           details={"window": window.id, "when": window.label})  # fmt: skip
    uow.emit(RelayProgrammeChanged(area_paths=(area.path,)))
    return window


def remove_window(uow: UnitOfWork, principal: Principal, window_id: int) -> None:
    window = repo(uow).window(window_id)
    if window is None:
        raise NotFound(f"Không tìm thấy giờ tiếp sóng số {window_id}.", code="relay_window_not_found")
    require(principal, Permission.MANAGE_AREAS, areas.get(uow, window.area_code))
    repo(uow).delete(window)
    record(uow, principal, "relay.window.remove", "relay", window.source_id, area_code=window.area_code,
           details={"window": window_id, "when": window.label})  # fmt: skip
    uow.emit(RelayProgrammeChanged(area_paths=(window.area_path,)))


# -- relays a source system sends (content types 5 live and 6 FM relay) -----------------------------


@dataclass(frozen=True)
class Opening:
    """One recurring opening of a relay a source system asked for (Vietnam's times and dates)."""

    starts: str
    ends: str
    days: list[int]
    starts_on: date | None
    ends_on: date | None


def relay_for_bulletin(
    uow: UnitOfWork,
    principal: Principal,
    bulletin_id: int,
    name: str,
    upstream_url: str,
    creating: Area,
    communes: list[Area],
    openings: list[Opening],
) -> list[RelayWindow]:
    """A bulletin whose content is a stream: the hub relays the URL (one source per URL and creating
    area) in the communes it targets, at the bulletin's times. The sender was already allowed to
    send there (`DRAFT`); it is checked again here, as every service does."""
    require(principal, Permission.DRAFT, communes or [creating])
    url = check_upstream(upstream_url)
    source = next((s for s in repo(uow).sources([creating.path])
                   if s.upstream_url == url and s.area_path == creating.path), None)  # fmt: skip
    if source is None:
        source = RelaySource(name=check_name(name[:100]), upstream_url=url, area_id=creating.id,
                             area_code=creating.code, area_path=creating.path, created_at=utcnow(),
                             state_since=utcnow())  # fmt: skip
        repo(uow).add(source)
        record(uow, principal, "relay.add", "relay", source.id, area_code=creating.code,
               details={"name": source.name, "url": url, "bulletin": bulletin_id})  # fmt: skip
    made = []
    for commune in communes:
        for opening in openings:
            window = RelayWindow.create(source.id, commune.id, commune.code, commune.path, opening.starts,
                                        opening.ends, opening.days)  # fmt: skip
            window.starts_on, window.ends_on = opening.starts_on, opening.ends_on
            window.created_at, window.bulletin_id = utcnow(), bulletin_id
            repo(uow).add(window)
            made.append(window)
    if made:
        record(uow, principal, "relay.window.add", "relay", source.id, area_code=creating.code,
               details={"bulletin": bulletin_id, "windows": [w.label for w in made][:20]})  # fmt: skip
        uow.emit(RelayProgrammeChanged(area_paths=tuple(sorted({w.area_path for w in made}))))
    return made


def remove_for_bulletin(uow: UnitOfWork, principal: Principal, bulletin_id: int) -> int:
    """The relay windows a cancelled or rescheduled source bulletin had made go."""
    windows = repo(uow).windows_of_bulletin(bulletin_id)
    for window in windows:
        repo(uow).delete(window)
    if windows:
        record(uow, principal, "relay.window.remove", "relay", windows[0].source_id,
               area_code=windows[0].area_code, details={"bulletin": bulletin_id, "windows": len(windows)})  # fmt: skip
        uow.emit(RelayProgrammeChanged(area_paths=tuple(sorted({w.area_path for w in windows}))))
    return len(windows)


# -- the supervisor's side ------------------------------------------------------------------------


def wanted_sources(uow: UnitOfWork, now: datetime, lead: timedelta) -> list[RelaySource]:
    """The sources with a window open now or opening within `lead`: the ones to pull."""
    windows = [w for w in repo(uow).windows() if w.active_at(now, lead)]
    found = repo(uow).sources_by_id({w.source_id for w in windows})
    return [s for s in found.values() if s.active]


def mark(uow: UnitOfWork, source_id: int, state: RelayState, error: str = "") -> bool:
    """The supervisor's word on a relay (as the system); True if its state changed. Going down or
    coming back changes what devices play: their areas collect again, and a failure tells the
    operators."""
    source = repo(uow).source(source_id, for_update=True)
    if source is None or source.state == state:
        return False
    before = source.state
    source.state, source.state_since, source.last_error = state, utcnow(), error[:2000]
    paths = tuple(sorted({w.area_path for w in repo(uow).windows(source_id=source_id)}))
    record(uow, Principal.system(), f"relay.{state.value}", "relay", source_id, area_code=source.area_code,
           from_state=before.value, to_state=state.value, reason=error[:500])  # fmt: skip
    if state == RelayState.DOWN:
        uow.emit(RelayFailed(area_paths=paths, source_id=source_id, error=error[:500]))
    elif before == RelayState.DOWN:
        uow.emit(RelayRecovered(area_paths=paths, source_id=source_id))
    return True


# -- what devices play ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RelayPlay:
    """One occurrence of a relay window for the devices of an area."""

    id: str
    window_id: int
    source_id: int
    title: str
    mount: str
    start: datetime
    end: datetime


def plays(uow: UnitOfWork, area_paths: list[str], start: datetime, end: datetime) -> list[RelayPlay]:
    """The relay windows reaching an area (set on it or above it) in [start, end), except those of a
    relay that is down: its devices fall back to their schedule."""
    windows = repo(uow).windows_reaching(area_paths)
    sources = repo(uow).sources_by_id({w.source_id for w in windows})
    found = []
    for window in windows:
        source = sources.get(window.source_id)
        if source is None or not source.active or source.state == RelayState.DOWN:
            continue
        for begins, ends in window.occurrences(start, end):
            found.append(
                RelayPlay(
                    id=f"relay:{window.id}:{begins:%Y%m%dT%H%M}",
                    window_id=window.id,
                    source_id=source.id,
                    title=f"Tiếp sóng {source.name}",
                    mount=source.mount,
                    start=begins,
                    end=ends,
                )
            )
    return sorted(found, key=lambda p: (p.start, p.id))


def stream_minutes(uow: UnitOfWork, principal: Principal, start: datetime, end: datetime) -> dict[str, int]:
    """Minutes live and relayed on the loudspeakers of the principal's areas, from the play logs."""
    reach = areas_for(principal, Permission.READ)
    seconds = repo(uow).stream_seconds(reach.limited_to, start, end)
    return {kind: round(value / 60) for kind, value in seconds.items()}
