"""An operator's own plugin that adds a command, loaded with TTCS_PLUGINS=tests.support.cli_plugin."""

from __future__ import annotations

import click

from hub.plugins import Registry


@click.command("chao", help="Say hello (an operator's own command).")
def hello() -> None:
    click.echo("xin chào từ plugin riêng")


def register(registry: Registry) -> None:
    registry.command(hello)
