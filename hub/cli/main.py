"""`ttcs <command>`: the hub's commands and those the plugins declare.

Commands are entry points of group ``ttcs.commands`` (declared in `pyproject.toml`, the composition
root) and are imported only when they run or `--help` lists them: `ttcs --help` must not import the
web app, the NLU or every channel first. A command module therefore imports only `click` at its top
and what its command needs inside the command. Plugins named in ``TTCS_PLUGINS`` (an operator's own)
may still add commands with `Registry.command`; they are loaded only when that variable is set.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

import click

GROUP = "ttcs.commands"


class LazyGroup(click.Group):
    """A group whose subcommands are ``name → "module:attribute"`` and are imported on first use
    (click's documented lazy-loading pattern)."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(_resolve(self.lazy[cmd_name]), cmd_name)
        return super().get_command(ctx, cmd_name)


def _resolve(target: str) -> click.Command:
    module, _, attribute = target.partition(":")
    command = getattr(import_module(module), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    return command


def declared() -> dict[str, str]:
    """The commands the installed packages declare (entry points read from metadata, not imported)."""
    return {ep.name: ep.value for ep in entry_points(group=GROUP)}


@click.group(
    cls=LazyGroup,
    lazy=declared(),
    help="TTCS — hệ thống thông tin cơ sở. Settings come from TTCS_* environment variables.",
)
def cli() -> None:
    pass


def add_operator_commands(group: click.Group, plugins: str) -> None:
    """The commands of the operator's own plugins (``TTCS_PLUGINS``), which register in code."""
    from hub.plugins import Registry, register_module

    registry = Registry()
    for name in (n.strip() for n in plugins.split(",")):
        if name:
            register_module(registry, name)
    for command in registry.cli_commands:
        group.add_command(command)


def main() -> None:
    plugins = os.environ.get("TTCS_PLUGINS", "")
    if plugins:
        add_operator_commands(cli, plugins)
    sys.exit(cli.main(standalone_mode=True))
