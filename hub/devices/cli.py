"""`ttcs device …`: the device registry from the server's console (acts as the system, audited as
channel `cli`, or as a named official with `--as`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from hub.accounts.model import Principal
from hub.cli.common import hub, reports_errors
from hub.devices.model import STATE_LABELS, Kind, State

if TYPE_CHECKING:
    from hub.db.uow import UnitOfWork

as_option = click.option("--as", "username", default=None, help="Act as this official (default: the console).")


def _principal(uow: UnitOfWork, username: str | None) -> Principal:
    from hub.accounts import service as accounts

    return accounts.principal_for_user(uow, username, "cli") if username else Principal.system("cli")


@click.group(help="Loudspeaker clusters and e-boards: register, list, revoke, rotate tokens.")
def device() -> None:
    pass


@device.command(
    "add", help="Register a device; its token is shown once: ttcs device add IMEI --kind loudspeaker --area 24169"
)
@click.argument("imei")
@click.option("--name", default="")
@click.option("--kind", type=click.Choice([k.value for k in Kind]), default=Kind.LOUDSPEAKER.value, show_default=True)
@click.option("--area", "area_code", required=True, help="Area code (commune or village).")
@click.option("--group", "group_name", default="")
@click.option("--vendor", default="")
@click.option("--location", default="")
@click.option("--lat", type=float, default=None)
@click.option("--lon", type=float, default=None)
@click.option("--volume", type=click.IntRange(0, 100), default=70, show_default=True)
@as_option
@reports_errors
def add(
    imei: str,
    name: str,
    kind: str,
    area_code: str,
    group_name: str,
    vendor: str,
    location: str,
    lat: float | None,
    lon: float | None,
    volume: int,
    username: str | None,
) -> None:
    from hub.devices import service

    h = hub()
    with h.database.uow() as uow:
        issued = service.add(
            uow,
            _principal(uow, username),
            imei,
            name=name,
            kind=Kind(kind),
            area_code=area_code,
            group_name=group_name,
            vendor=vendor,
            location=location,
            lat=lat,
            lon=lon,
            volume=volume,
        )
        uow.commit()
    click.echo(f"Đã đăng ký {issued.device.name} ({issued.device.imei}) tại địa bàn {issued.device.area_code}.")
    click.echo(f"Mã truy cập (chỉ hiện một lần này — hãy nạp vào thiết bị): {issued.token}")


@device.command("bulk", help="Register N simulated devices and write their tokens to a file (load tests).")
@click.option("--count", type=click.IntRange(1, 100_000), required=True)
@click.option("--area", "area_codes", multiple=True, required=True, help="Area codes, used in turn.")
@click.option("--prefix", default="SIM", show_default=True)
@click.option("--kind", type=click.Choice([k.value for k in Kind]), default=Kind.LOUDSPEAKER.value)
@click.option("--tokens-out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@reports_errors
def bulk(count: int, area_codes: tuple[str, ...], prefix: str, kind: str, tokens_out: Path) -> None:
    from hub.devices import service

    h = hub()
    lines = []
    with h.database.uow() as uow:
        system = Principal.system("cli")
        for i in range(count):
            code = area_codes[i % len(area_codes)]
            issued = service.add(
                uow, system, f"{prefix}-{i:06d}", name=f"{prefix} {i}", kind=Kind(kind), area_code=code
            )
            lines.append(issued.token)
        uow.commit()
    tokens_out.write_text("\n".join(lines) + "\n")
    tokens_out.chmod(0o600)
    click.echo(f"Đã đăng ký {count} thiết bị; mã truy cập ghi vào {tokens_out}.")


@device.command("list", help="Devices and their state.")
@click.option("--area", "area_code", default=None)
@click.option("--state", type=click.Choice([s.value for s in State]), default=None)
@as_option
@reports_errors
def list_(area_code: str | None, state: str | None, username: str | None) -> None:
    from hub.devices import service

    h = hub()
    with h.database.uow(write=False) as uow:
        found = service.list_devices(uow, _principal(uow, username), area_code=area_code, state=state)
        for d in found:
            seen = d.last_seen_at.isoformat(timespec="seconds") if d.last_seen_at else "—"
            label = STATE_LABELS[State(d.state)]
            click.echo(f"{d.imei:<20} {d.kind:<12} {d.area_code:<12} {label:<18} {seen:<26} {d.name}")
        click.echo(f"({len(found)} thiết bị)")


@device.command(help="Revoke a device's token (lost or replaced device).")
@click.argument("imei")
@click.option("--reason", required=True)
@as_option
@reports_errors
def revoke(imei: str, reason: str, username: str | None) -> None:
    from hub.devices import service

    h = hub()
    with h.database.uow() as uow:
        service.revoke(uow, _principal(uow, username), imei, reason)
        uow.commit()
    click.echo(f"Đã thu hồi mã của thiết bị {imei}.")


@device.command(help="Issue a new token; the old one stops working at once.")
@click.argument("imei")
@as_option
@reports_errors
def rotate(imei: str, username: str | None) -> None:
    from hub.devices import service

    h = hub()
    with h.database.uow() as uow:
        issued = service.rotate(uow, _principal(uow, username), imei)
        uow.commit()
    click.echo(f"Mã truy cập mới của {imei} (chỉ hiện một lần này): {issued.token}")
