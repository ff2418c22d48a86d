"""`ttcs report annual`: the annual report of an area as a file, for the province's office to print."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hub.accounts.model import Principal
from hub.cli.common import hub, reports_errors
from hub.reports.model import FORMATS

if TYPE_CHECKING:
    pass

DAY = click.DateTime(["%Y-%m-%d", "%d/%m/%Y"])


@click.group(help="Reports: the annual report on grassroots information of an area.")
def report() -> None:
    pass


@report.command(help="The annual report (15/12 of the year before to 14/12) of an area and everything under it.")
@click.option("--year", type=int, default=None, help="Reporting year; default the one today falls in.")
@click.option("--area", "area_code", default=None, help="Area code; default the province.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="xlsx", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write; default bao-cao-ttcs-YEAR-AREA.FORMAT in the current directory.")  # fmt: skip
@click.option("--from", "first_day", type=DAY, default=None, help="First day instead of 15/12 of the year before.")
@click.option("--to", "last_day", type=DAY, default=None, help="Last day instead of 14/12.")
@click.option("--as", "username", default=None, help="The official acting (audited); default the system.")
@reports_errors
def annual(
    year: int | None,
    area_code: str | None,
    fmt: str,
    output: Path | None,
    first_day: datetime | None,
    last_day: datetime | None,
    username: str | None,
) -> None:
    from hub.accounts import service as accounts
    from hub.reports import service

    h = hub()
    with h.database.uow() as uow:
        principal = accounts.principal_for_user(uow, username, "cli") if username else Principal.system("cli")
        if area_code is None:
            root = uow.areas.root()
            area_code = root.code if root else ""
        made = service.export(
            uow,
            principal,
            area_code,
            fmt,
            year,
            first_day=first_day.date() if first_day else None,
            last_day=last_day.date() if last_day else None,
        )
        uow.commit()
    target = output or Path(made.filename)
    target.write_bytes(made.content)
    click.echo(f"Đã ghi {target} ({len(made.content)} byte).")


@report.command(help="Freeze the figures of a reporting period again (late data), with a reason (audited).")
@click.option("--year", type=int, required=True, help="Reporting year whose period (15/12 – 14/12) has ended.")
@click.option("--reason", required=True, help="Why the figures are frozen again (kept in the audit log).")
@click.option("--area", "area_code", default=None, help="Only this area; default the province and every commune.")
@click.option("--as", "username", default=None, help="The admin acting (audited); default the system.")
@reports_errors
def freeze(year: int, reason: str, area_code: str | None, username: str | None) -> None:
    from hub.accounts import service as accounts
    from hub.reports import submissions

    h = hub()
    with h.database.uow() as uow:
        principal = accounts.principal_for_user(uow, username, "cli") if username else Principal.system("cli")
        frozen = submissions.freeze(uow, principal, year, reason, area_code=area_code)
        uow.commit()
    click.echo(f"Đã chốt số liệu năm {year} của {len(frozen)} địa bàn.")
