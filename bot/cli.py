"""`ttcs bot …`: run the Telegram bot by polling (a laptop, no public address), or set its webhook."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import click

from hub.cli.common import hub, reports_errors

if TYPE_CHECKING:
    pass


@click.group(help="Chat channels.")
def bot() -> None:
    pass


@bot.command("telegram", help="Telegram: poll for messages (--polling), or register/remove the webhook.")
@click.option("--polling", is_flag=True, help="Ask Telegram for new messages (long polling) until Ctrl+C.")
@click.option("--set-webhook", "webhook_url", default=None, help="Register this public URL (…/webhooks/telegram).")
@click.option("--delete-webhook", is_flag=True, help="Remove the webhook.")
@reports_errors
def telegram_command(polling: bool, webhook_url: str | None, delete_webhook: bool) -> None:
    from bot.channels import telegram
    from bot.settings import BotSettings

    current = hub()
    settings = current.settings
    if not settings.of(BotSettings).telegram_token:
        raise click.ClickException("TTCS_TELEGRAM_TOKEN is not set.")
    client = telegram.client_for(current)
    try:
        if webhook_url:
            if not settings.of(BotSettings).telegram_webhook_secret:
                raise click.ClickException("TTCS_TELEGRAM_WEBHOOK_SECRET must be set for a webhook.")
            client.set_webhook(webhook_url, settings.of(BotSettings).telegram_webhook_secret)
            click.echo(f"Đã đăng ký webhook {webhook_url}")
        if delete_webhook:
            client.delete_webhook()
            click.echo("Đã bỏ webhook.")
        if polling:
            click.echo("Đang nhận tin nhắn Telegram (Ctrl+C để dừng)…", err=True)
            stop = threading.Event()
            try:
                telegram.poll(current, client, stop)
            except KeyboardInterrupt:
                stop.set()
    finally:
        current.close()
