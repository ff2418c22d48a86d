"""`ttcs db …`, `ttcs seed`, `ttcs config …`: the database and the configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from hub.cli.common import hub, reports_errors

if TYPE_CHECKING:
    from pydantic_settings import BaseSettings

    from hub.config import Settings


@click.group(help="Database schema.")
def db() -> None:
    pass


@db.command(help="Migrate the database to the newest schema.")
def upgrade() -> None:
    from hub.db import migrate

    h = hub()
    migrate.upgrade(h.database.engine, h.settings.plugins)
    click.echo(f"Cơ sở dữ liệu đã ở phiên bản mới nhất: {', '.join(sorted(migrate.current(h.database.engine)))}")


@db.command(help="Exit 0 when the database is reachable and at the newest schema (health checks).")
def current() -> None:
    from alembic.script import ScriptDirectory

    from hub.db import migrate

    h = hub()
    heads = set(ScriptDirectory.from_config(migrate.alembic_config()).get_heads())
    found = migrate.current(h.database.engine)
    click.echo(", ".join(sorted(found)) or "(chưa tạo bảng)")
    if found != heads:
        raise SystemExit(1)


@db.command(help="Create a migration (developers): compares the tables with the database.")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate/--empty", default=True)
def revision(message: str, autogenerate: bool) -> None:
    from alembic import command

    from hub.db import migrate

    h = hub()
    config = migrate.alembic_config(h.settings.sqlalchemy_url, h.settings.plugins)
    command.revision(config, message=message, autogenerate=autogenerate)


@click.command(help="Seed the province's areas and the first admin; with --demo, demo officials and bulletins.")
@click.option("--demo", is_flag=True, help="Also create demo officials, villages and bulletins.")
@reports_errors
def seed(demo: bool) -> None:
    from hub.accounts import service as accounts
    from hub.areas.seed import seed_province
    from hub.config import load_settings
    from hub.demo.seed import seed_demo

    if demo and load_settings().env == "production":
        click.echo(
            "Lỗi: không tạo dữ liệu mẫu khi TTCS_ENV=production — dữ liệu mẫu tạo tài khoản cán bộ với mật khẩu "
            "ai cũng biết.\nError: `ttcs seed --demo` refuses to run with TTCS_ENV=production (demo officials "
            "have a published password). Run `ttcs seed` without --demo.",
            err=True,
        )
        raise SystemExit(1)
    h = hub()
    settings = h.settings
    with h.database.uow() as uow:
        result = seed_province(uow, settings.province_code)
        _, generated = accounts.ensure_admin(uow, result.province, settings.admin_password)
        demo_tokens = seed_demo(uow, settings.demo_password) if demo else None
        uow.commit()
    click.echo(f"Địa bàn: {result.province.name} ({result.created} đơn vị mới).")
    if generated:
        click.echo(f"Tài khoản quản trị: admin / {generated}  (mật khẩu chỉ hiện một lần này — hãy ghi lại)")
    if demo:
        _show_demo(settings, demo_tokens)


def _show_demo(settings: Settings, created: dict[str, str] | None) -> None:
    """The demo's accounts and its devices' tokens: random per install, kept in the var directory
    (mode 0600) when they were just issued, so that a later `ttcs seed --demo` prints them again."""
    from hub.demo.devices import DEMO_DEVICES, load_tokens, save_tokens
    from hub.demo.seed import DEMO_USERS

    url = settings.public_url
    if created is not None:
        click.echo("Đã tạo dữ liệu mẫu.")
        save_tokens(settings.var_dir, created)
    tokens = load_tokens(settings.var_dir)
    click.echo(f"\nTTCS: {url}   API và thử nghiệm: {url}/docs   Sức khỏe: {url}/healthz")
    click.echo(f"Tài khoản mẫu (mật khẩu: {settings.demo_password}):")
    for u in DEMO_USERS:
        click.echo(f"  {u.username:<16} {u.role.value:<16} địa bàn {u.area_code}  ({u.full_name})")
    click.echo(
        "  admin            admin            cả tỉnh (mật khẩu: TTCS_ADMIN_PASSWORD hoặc mật khẩu đã in lần đầu)"
    )
    if not tokens:
        click.echo("Thiết bị mẫu: mã truy cập chỉ in khi tạo dữ liệu mẫu; cấp mã mới bằng `ttcs device rotate IMEI`.")
        return
    click.echo(
        f"Thiết bị mẫu (mã truy cập riêng của bản cài đặt này, lưu tại {settings.var_dir / 'demo-devices.json'}):"
    )
    for d in DEMO_DEVICES:
        click.echo(f"  {d.imei}  {d.area_code:<10} {d.name}\n      mã: {tokens.get(d.imei, '(đã đổi)')}")
    eboard = next(d for d in DEMO_DEVICES if d.kind == "eboard")
    click.echo(f"Bảng tin điện tử: {url}/eboard/#token={tokens.get(eboard.imei, '')}")
    speaker = DEMO_DEVICES[0]
    click.echo(f"Loa mẫu: .venv/bin/ttcs speaker --hub {url} --token {tokens.get(speaker.imei, '')} --out var/loa-1")


@click.group(help="Configuration.")
def config() -> None:
    pass


@config.command(help="Print the settings (TTCS_* variables) as Markdown.")
def docs() -> None:
    click.echo(settings_markdown(), nl=False)


@config.command(help="Print the current settings (secrets hidden).")
def show() -> None:
    from hub.config import Settings, load_settings

    settings = load_settings()
    for declared in settings_classes():
        values = settings if declared is Settings else settings.of(declared)
        for name in declared.model_fields:
            value = getattr(values, name)
            if any(word in name for word in ("secret", "password", "token")) and value:
                value = "***"
            click.echo(f"TTCS_{name.upper()}={value}")


def settings_classes() -> list[type[BaseSettings]]:
    """The hub's core settings, then every plugin's, in the order the plugins load."""
    from hub.config import Settings
    from hub.plugins import load

    return [Settings, *load().settings_classes]


def settings_markdown() -> str:
    lines = [
        "# Configuration",
        "",
        "Every setting is an environment variable prefixed `TTCS_`. Generated by `ttcs config docs` from the "
        "settings classes: the hub's core (`hub/config.py`), then each plugin's, under the module that declares "
        "it; a test keeps this file in step.",
    ]
    for declared in settings_classes():
        summary = (declared.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        lines += ["", f"## `{declared.__module__}`", ""]
        if summary:
            lines += [summary, ""]
        lines += ["| variable | default | meaning |", "|---|---|---|"]
        for name, field in declared.model_fields.items():
            default = field.default
            shown = "" if default in ("", None) else f"`{default}`"
            description = (field.description or "").replace("|", "\\|")
            lines.append(f"| `TTCS_{name.upper()}` | {shown} | {description} |")
    return "\n".join(lines) + "\n"
