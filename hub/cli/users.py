"""`ttcs user …`: officials' accounts, for an operator on the server."""

from __future__ import annotations

import sys

import click

from hub.accounts.model import ROLE_LABELS, Principal, Role
from hub.cli.common import hub, reports_errors


@click.group(help="Officials' accounts.")
def user() -> None:
    pass


@user.command("add", help="Create an account: ttcs user add USERNAME --name 'Họ tên' --role editor --area 24169")
@click.argument("username")
@click.option("--name", "full_name", required=True, help="Họ và tên.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]))
@click.option("--area", "area_codes", multiple=True, required=True, help="Area code, one per --role.")
@click.option(
    "--password",
    default=None,
    help="The first password. Without it: asked twice on a terminal, else read from the first line of stdin.",
)
@click.option("--phone", default=None)
@reports_errors
def add(
    username: str,
    full_name: str,
    roles: tuple[str, ...],
    area_codes: tuple[str, ...],
    password: str | None,
    phone: str | None,
) -> None:
    from hub.accounts import service as accounts

    if len(area_codes) not in (1, len(roles)):
        raise click.UsageError("give one --area, or one --area per --role")
    if password is None:
        password = _password_from_stdin()
    codes = area_codes * len(roles) if len(area_codes) == 1 else area_codes
    h = hub()
    with h.database.uow() as uow:
        created = accounts.create_user(
            uow,
            Principal.system("cli"),
            username,
            full_name,
            password,
            [(Role(r), c) for r, c in zip(roles, codes, strict=True)],
            phone,
        )
        uow.commit()
    click.echo(f"Đã tạo tài khoản {created.username}.")


def _password_from_stdin() -> str:
    """Asked twice on a terminal; piped (`printf '%s\\n' "$PW" | ttcs user add …`), the first line."""
    stdin = sys.stdin
    if stdin.isatty():
        return str(click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu"))
    password = stdin.readline().rstrip("\r\n")
    if not password:
        raise click.UsageError("no password: give --password, or the password on the first line of stdin")
    return password


@user.command("list", help="List accounts and their roles.")
def list_() -> None:
    from hub.accounts import service as accounts
    from hub.accounts.lockout import LoginPolicy

    h = hub()
    with h.database.uow(write=False) as uow:
        found = list(accounts.list_users(uow, Principal.system("cli")))
        locks = accounts.lock_states(uow, Principal.system("cli"), found, LoginPolicy.of(h.settings))
        for u in found:
            grants = ", ".join(f"{ROLE_LABELS[Role(g.role)]} @ {g.area.name}" for g in u.grants if g.area)
            lock = locks.get(u.username)
            state = "" if u.is_active else " [đã khóa]"
            if u.is_active and lock is not None and lock.locked:
                state = " [tạm khóa đăng nhập]" if lock.locked_everywhere else " [tạm khóa đăng nhập ở một số địa chỉ]"
            click.echo(f"{u.username:<20} {u.full_name:<28} {grants}{state}")


@user.command(help="Disable an account (its tokens stop working at once).")
@click.argument("username")
@reports_errors
def disable(username: str) -> None:
    from hub.accounts import service as accounts

    h = hub()
    with h.database.uow() as uow:
        accounts.disable_user(uow, Principal.system("cli"), username)
        uow.commit()
    click.echo(f"Đã khóa tài khoản {username}.")


@user.command(help="End a sign-in lockout of a name (wrong passwords), from every address, at once.")
@click.argument("username")
@reports_errors
def unlock(username: str) -> None:
    from hub.accounts import service as accounts
    from hub.accounts.lockout import LoginPolicy

    h = hub()
    with h.database.uow() as uow:
        accounts.unlock_user(uow, Principal.system("cli"), username, LoginPolicy.of(h.settings))
        uow.commit()
    click.echo(f"Đã mở khóa đăng nhập cho {username}.")


@user.command(help="Grant a role at an area.")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--area", "area_code", required=True)
@reports_errors
def grant(username: str, role: str, area_code: str) -> None:
    from hub.accounts import service as accounts

    h = hub()
    with h.database.uow() as uow:
        accounts.grant_role(uow, Principal.system("cli"), username, Role(role), area_code)
        uow.commit()
    click.echo(f"Đã gán vai trò {ROLE_LABELS[Role(role)]} cho {username} tại {area_code}.")
