"""`ttcs <command>`: the hub's commands and those the plugins register."""

from __future__ import annotations

import sys

import click

from hub.cli import bulletins, db, serve, users, worker
from hub.config import load_settings
from hub.plugins import load


@click.group(help="TTCS — hệ thống thông tin cơ sở. Settings come from TTCS_* environment variables.")
def cli() -> None:
    pass


for command in (serve.serve, db.db, db.seed, users.user, worker.worker, bulletins.bulletin, db.config):
    cli.add_command(command)


def main() -> None:
    settings = load_settings()
    for command in load(settings.plugins).cli_commands:
        cli.add_command(command)
    sys.exit(cli.main(standalone_mode=True))
