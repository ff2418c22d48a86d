"""`ttcs source …` (provincial source systems and their partner accounts) and `ttcs cap …`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hub.accounts.model import Principal
from hub.cli.common import hub, reports_errors

if TYPE_CHECKING:
    pass


@click.group(help="Provincial source systems that feed this hub (the source-system format).")
def source() -> None:
    pass


@source.command(
    "add", help="Register a source system and its partner account: ttcs source add 66 --area 66 --username nguon.66"
)
@click.argument("code")
@click.option("--name", default="", help="The source system's name.")
@click.option("--area", "area_code", required=True, help="The area it may address (e.g. the province, 66).")
@click.option("--username", required=True, help="User name of its partner account.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@reports_errors
def add(code: str, name: str, area_code: str, username: str, password: str) -> None:
    from hub.exchange import service

    with hub().database.uow() as uow:
        found = service.add_source(uow, Principal.system("cli"), code, name, area_code, username, password)
        uow.commit()
        click.echo(f"Hệ thống nguồn {found.code} ({found.name}): tài khoản {username}.")


@source.command("list", help="The registered source systems.")
@reports_errors
def list_sources() -> None:
    from hub.exchange import service

    with hub().database.uow(write=False) as uow:
        for row in service.list_sources(uow, Principal.system("cli")):
            click.echo(f"{row.code}\t{row.name}\t{row.username}\t{row.area_code}")


@source.command("upstream", help="The backlog of device status and play logs waiting to go upward.")
@reports_errors
def show_upstream() -> None:
    from hub.exchange import service

    h = hub()
    with h.database.uow(write=False) as uow:
        click.echo(
            json.dumps(
                service.upstream_backlog(uow, Principal.system("cli"), h.settings).__dict__,
                default=str,
                ensure_ascii=False,
                indent=2,
            )
        )


@click.group(help="CAP 1.2 emergency alerts.")
def cap() -> None:
    pass


@cap.command("import", help="Import a CAP 1.2 alert from a file: ttcs cap import alert.xml [--as duyet.tinh]")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as",
    "username",
    default="",
    help="The official on whose behalf it is imported (bound by their area, named in the audit log); "
    "without it the alert's sender is the actor.",
)
@reports_errors
def import_file(path: Path, username: str) -> None:
    from hub.accounts import service as accounts
    from hub.bulletins.model import STATUS_LABELS
    from hub.exchange import service

    h = hub()
    with h.database.uow() as uow:
        official = accounts.principal_for_user(uow, username, "cli") if username else None
        done = service.import_alert(uow, h.settings, path.read_bytes(), "file", official)
        uow.commit()
        bulletin = done.bulletin
        where = f": tin số {bulletin.id} ({STATUS_LABELS[bulletin.status].lower()})" if bulletin else ""
        click.echo(f"{done.detail} {done.alert.identifier}{where}.")
