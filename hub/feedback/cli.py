"""`ttcs feedback …`: the officials' feedback actions on the command line, acting as a named official
(audited as channel `cli`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from hub.accounts.model import Principal
from hub.cli.common import hub, reports_errors
from hub.feedback.model import STATUS_LABELS, Case, Status
from hub.kit.time import format_local

if TYPE_CHECKING:
    from hub.db.uow import UnitOfWork

as_option = click.option("--as", "username", required=True, help="The official acting (audited as channel cli).")


@click.group(help="Citizens' feedback cases: list, show, answer, forward …")
def feedback() -> None:
    pass


def _act(username: str, action: Callable[[UnitOfWork, Principal], Case]) -> Case:
    from hub.accounts import service as accounts

    h = hub()
    with h.database.uow() as uow:
        principal = accounts.principal_for_user(uow, username, "cli")
        result = action(uow, principal)
        uow.commit()
    return result


def _line(case: Case) -> str:
    return f"{case.code} [{STATUS_LABELS[Status(case.status)]}] {case.unit_name}, hạn {format_local(case.due_at)}"


@feedback.command("list", help="Cases visible to the official, newest first.")
@as_option
@click.option("--area", default=None, help="Area code: cases in this area and below.")
@click.option("--status", "statuses", multiple=True, type=click.Choice([s.value for s in Status]))
@click.option("--overdue", is_flag=True, help="Only unanswered cases past their deadline.")
@click.option("--q", "text", default="", help="Words in the text (diacritics optional).")
@reports_errors
def list_(username: str, area: str | None, statuses: tuple[str, ...], overdue: bool, text: str) -> None:
    from hub.accounts import service as accounts
    from hub.feedback import service

    h = hub()
    with h.database.uow(write=False) as uow:
        principal = accounts.principal_for_user(uow, username, "cli")
        page = service.list_cases(
            uow, principal, area_code=area, statuses=statuses, overdue=overdue, text=text, limit=200
        )
        for c in page.items:
            late = (
                " QUÁ HẠN" if c.status in ("received", "assigned", "in_progress", "forwarded") and c.overdue_at else ""
            )
            excerpt = c.text[:60].replace("\n", " ")
            click.echo(
                f"{c.code:<15} {STATUS_LABELS[Status(c.status)]:<32} {format_local(c.received_at)}{late}  {excerpt}"
            )
        click.echo(f"({page.total} phản ánh)")


@feedback.command(help="Show a case with its timeline.")
@as_option
@click.argument("code")
@reports_errors
def show(username: str, code: str) -> None:
    from hub.accounts import service as accounts
    from hub.feedback import views
    from hub.feedback.config import feedback_config

    h = hub()
    config = feedback_config(h)
    with h.database.uow(write=False) as uow:
        principal = accounts.principal_for_user(uow, username, "cli")
        d = views.detail(uow, principal, code)
        c = d.case
        click.echo(_line(c))
        click.echo(f"Lĩnh vực: {config.categories.get(c.category).label}; địa bàn: {d.area.name}; kênh: {c.channel}")
        if d.contact:
            click.echo(f"Người phản ánh: {d.contact.name or '(không để lại tên)'} {d.contact.phone or ''}".rstrip())
        click.echo(c.text or c.transcript)
        if c.answer_text:
            click.echo(f"Trả lời: {c.answer_text}")
        for e in c.events:
            move = f"{e.from_status or '—'} → {e.to_status}" if e.to_status else ""
            click.echo(f"  {format_local(e.at)}  {e.actor:<16} {e.channel:<8} {e.action:<12} {move} {e.note}")


@feedback.command(help="Answer the citizen (sent back on the channel they used).")
@as_option
@click.argument("code")
@click.option("--text", required=True)
@click.option("--publish", is_flag=True, help="Also draft the answer as a bulletin for approval.")
@reports_errors
def answer(username: str, code: str, text: str, publish: bool) -> None:
    from hub.feedback import publishing, service
    from hub.feedback.config import feedback_config

    config = feedback_config(hub())

    def act(uow: UnitOfWork, p: Principal) -> Case:
        case = service.answer(uow, p, code, text)
        if publish:
            publishing.publish_answer(uow, config, p, code)
        return case

    click.echo(_line(_act(username, act)))


@feedback.command(help="Assign a case (to yourself by default).")
@as_option
@click.argument("code")
@click.option("--to", "assignee", default=None)
@reports_errors
def assign(username: str, code: str, assignee: str | None) -> None:
    from hub.feedback import service

    click.echo(_line(_act(username, lambda uow, p: service.assign(uow, p, code, assignee))))


@feedback.command(help="Forward to another area (--area) or an outside body (--unit); the citizen is told.")
@as_option
@click.argument("code")
@click.option("--area", "area_code", default=None)
@click.option("--unit", default=None)
@click.option("--reason", required=True)
@reports_errors
def forward(username: str, code: str, area_code: str | None, unit: str | None, reason: str) -> None:
    from hub.feedback import service
    from hub.feedback.config import feedback_config

    config = feedback_config(hub())
    click.echo(
        _line(
            _act(
                username,
                lambda uow, p: service.forward(uow, config, p, code, reason, area_code=area_code, unit=unit),
            )
        )
    )


@feedback.command(help="Reject with a reason (the citizen is told).")
@as_option
@click.argument("code")
@click.option("--reason", required=True)
@reports_errors
def reject(username: str, code: str, reason: str) -> None:
    from hub.feedback import service

    click.echo(_line(_act(username, lambda uow, p: service.reject(uow, p, code, reason))))


@feedback.command(help="Merge a case into another about the same issue.")
@as_option
@click.argument("code")
@click.option("--into", required=True)
@reports_errors
def merge(username: str, code: str, into: str) -> None:
    from hub.feedback import service

    click.echo(_line(_act(username, lambda uow, p: service.merge(uow, p, code, into))))


@feedback.command(help="Close an answered case.")
@as_option
@click.argument("code")
@reports_errors
def close(username: str, code: str) -> None:
    from hub.feedback import service

    click.echo(_line(_act(username, lambda uow, p: service.close(uow, p, code))))
