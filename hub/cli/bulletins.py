"""`ttcs bulletin …`: the same bulletin actions as the API, acting as a named official."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import click

from hub.accounts.model import Principal
from hub.bulletins.categories import Category
from hub.bulletins.model import STATUS_LABELS, Bulletin, Content, Priority, Status
from hub.cli.common import echo_json, hub, reports_errors
from hub.kit.time import as_utc, format_local, utcnow

if TYPE_CHECKING:
    from hub.db.uow import UnitOfWork

as_option = click.option("--as", "username", required=True, help="The official acting (audited as channel cli).")


@click.group(help="Bulletins: list, write, submit, approve …")
def bulletin() -> None:
    pass


def _act(username: str, action: Callable[[UnitOfWork, Principal], Bulletin]) -> Bulletin:
    from hub.accounts import service as accounts

    h = hub()
    with h.database.uow() as uow:
        principal = accounts.principal_for_user(uow, username, "cli")
        result = action(uow, principal)
        uow.commit()
    return result


def _show(b: Bulletin) -> None:
    state = STATUS_LABELS[Status(b.status)]
    click.echo(f"#{b.id} [{state}] {b.title} (phiên bản {b.revision}, nhận: {', '.join(b.target_codes)})")


@bulletin.command("list", help="Bulletins visible to the official.")
@as_option
@click.option("--area", default=None)
@click.option("--status", "statuses", multiple=True, type=click.Choice([s.value for s in Status]))
@click.option("--q", "text", default="")
@reports_errors
def list_(username: str, area: str | None, statuses: tuple[str, ...], text: str) -> None:
    from hub.accounts import service as accounts
    from hub.bulletins import service

    h = hub()
    with h.database.uow(write=False) as uow:
        principal = accounts.principal_for_user(uow, username, "cli")
        page = service.list_bulletins(uow, principal, area_code=area, statuses=statuses, text=text, limit=200)
        for b in page.items:
            click.echo(f"#{b.id:<6} {STATUS_LABELS[Status(b.status)]:<24} {format_local(b.created_at)}  {b.title}")
        click.echo(f"({page.total} tin)")


@bulletin.command(help="Show a bulletin and its audit trail.")
@as_option
@click.argument("bulletin_id", type=int)
@reports_errors
def show(username: str, bulletin_id: int) -> None:
    from hub.accounts import service as accounts
    from hub.bulletins import service

    h = hub()
    with h.database.uow(write=False) as uow:
        principal = accounts.principal_for_user(uow, username, "cli")
        found = service.history(uow, principal, bulletin_id)
        _show(found.bulletin)
        click.echo(found.bulletin.body)
        for e in found.events:
            move = f"{e.from_state or '—'} → {e.to_state}" if e.to_state else ""
            click.echo(
                f"  {format_local(e.occurred_at)}  {e.actor_name:<16} {e.channel:<6} {e.action:<20} {move} {e.reason}"
            )


@bulletin.command(help="Write a new draft.")
@as_option
@click.option("--title", required=True)
@click.option("--body", required=True)
@click.option("--category", required=True, type=click.Choice([c.value for c in Category]))
@click.option("--priority", default="normal", type=click.Choice([p.value for p in Priority]))
@click.option("--to", "targets", multiple=True, required=True, help="Receiving area code (repeatable).")
@click.option("--start", type=click.DateTime(), default=None, help="Local time (Asia/Ho_Chi_Minh).")
@click.option("--end", type=click.DateTime(), default=None)
@click.option("--json", "as_json", is_flag=True)
@reports_errors
def create(
    username: str,
    title: str,
    body: str,
    category: str,
    priority: str,
    targets: tuple[str, ...],
    start: datetime | None,
    end: datetime | None,
    as_json: bool,
) -> None:
    from hub.bulletins import service

    content = Content(
        title=title,
        body=body,
        category=Category(category),
        priority=Priority(priority),
        valid_from=as_utc(start) if start else utcnow(),
        valid_until=as_utc(end) if end else None,
        target_codes=targets,
    )
    b = _act(username, lambda uow, p: service.create(uow, p, content))
    echo_json({"id": b.id, "status": b.status}) if as_json else _show(b)


def _transition(name: str, help_: str, needs_reason: bool = False) -> None:
    @bulletin.command(name, help=help_)
    @as_option
    @click.argument("bulletin_id", type=int)
    @click.option("--reason", required=needs_reason, default="")
    @reports_errors
    def command(username: str, bulletin_id: int, reason: str) -> None:
        from hub.bulletins import service

        fn = getattr(service, name)
        args = (bulletin_id, reason) if needs_reason else (bulletin_id,)
        _show(_act(username, lambda uow, p: fn(uow, p, *args)))


_transition("submit", "Submit for approval.")
_transition("approve", "Approve (publishes at once when its start has come).")
_transition("publish", "Publish an approved bulletin now.")
_transition("reject", "Reject with a reason.", needs_reason=True)
_transition("withdraw", "Withdraw with a reason.", needs_reason=True)
