"""`ttcs ivr`: run the hotline — the hub, its backend for the call flow, and `voice.ivr`'s agent."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING

import click

from hub.cli.common import reports_errors
from hub.kit.errors import ConfigurationError

if TYPE_CHECKING:
    pass


@click.command(help="Run the hotline: register with the SIP server and answer citizens' calls.")
@click.option("--sip-server", help="host[:port] of the SIP server (default TTCS_IVR_SIP_SERVER/PORT).")
@click.option("--user", help="The hotline's SIP user, the number citizens dial (TTCS_IVR_SIP_USER).")
@click.option("--local-port", type=int, help="UDP port of the hotline's SIP endpoint (TTCS_IVR_LOCAL_PORT).")
@reports_errors
def ivr(sip_server: str | None, user: str | None, local_port: int | None) -> None:
    from bot.hotline.backend import HubBackend
    from hub.bootstrap import build_hub
    from hub.config import load_settings
    from voice.errors import SettingError
    from voice.ivr.agent import Agent
    from voice.ivr.settings import HotlineSettings
    from voice.settings import VoiceSettings

    overrides: dict[str, object] = {}
    if sip_server:
        host, _, port = sip_server.partition(":")
        overrides["ivr_sip_server"] = host
        if port:
            overrides["ivr_sip_port"] = int(port)
    if user:
        overrides["ivr_sip_user"] = user
    if local_port:
        overrides["ivr_local_port"] = local_port
    settings = load_settings(**overrides)
    hub = build_hub(settings)
    line = settings.of(HotlineSettings)
    backend = HubBackend(hub, settings.var_dir / "feedback")
    try:
        agent = Agent(backend, line, settings.of(VoiceSettings), settings.var_dir)
    except SettingError as exc:
        raise ConfigurationError(str(exc)) from exc
    click.echo("Đang chuẩn bị lời chào và các câu hỏi của tổng đài…")
    agent.start()
    click.echo(
        f"Tổng đài {line.ivr_sip_user} đăng ký với {line.ivr_sip_server}:{line.ivr_sip_port} "
        f"(SIP {line.ivr_local_ip}:{line.ivr_local_port}). Ctrl+C để dừng."
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(1.0):
        pass
    click.echo("Đang dừng tổng đài…")
    agent.stop()
    hub.close()
