"""The `ttcs speaker` and `ttcs simulate` commands (devices at the edge; they speak HTTP/MQTT to a hub)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click


@click.command(help="Reference loudspeaker player: pulls its schedule and audio from a hub and plays it.")
@click.option("--hub", "hub_url", required=True, help="The hub's base URL, e.g. http://127.0.0.1:8000")
@click.option("--token", required=True, envvar="TTCS_DEVICE_TOKEN", help="The device token (ttcs device add).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write what would play to OUT/played.jsonl instead of playing it.",
)
@click.option("--play", is_flag=True, help="Play through the sound card (ffplay).")
@click.option(
    "--state",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to keep the cache and unsent logs (default: OUT/state).",
)
@click.option("--mqtt", "mqtt_url", default=None, help="Listen for notices on this broker (default: as the hub says).")
@click.option("--wait", type=click.IntRange(1, 120), default=30, show_default=True, help="Long-poll seconds.")
@click.option("--poll", type=float, default=30.0, show_default=True, help="Poll interval with MQTT notices.")
@click.option("--clock-skew", type=float, default=0.0, hidden=True, help="Pretend our clock is off by N seconds.")
@click.option("-v", "--verbose", is_flag=True)
def speaker(
    hub_url: str,
    token: str,
    out: Path | None,
    play: bool,
    state: Path | None,
    mqtt_url: str | None,
    wait: int,
    poll: float,
    clock_skew: float,
    verbose: bool,
) -> None:
    from devices import speaker as player

    if out is None and not play:
        raise click.UsageError("give --out DIR (write what would play) or --play (play it)")
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    player.main(hub_url, token, out, play, state, mqtt_url, wait, poll, clock_skew)


@click.command(help="Simulate a fleet of devices against a hub and print JSON figures.")
@click.option("--hub", "hub_url", required=True)
@click.option(
    "--tokens",
    "tokens_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="One device token per line (ttcs device bulk … --tokens-out FILE).",
)
@click.option("--devices", type=int, default=0, help="How many of the tokens to use (default: all).")
@click.option("--mode", type=click.Choice(["longpoll", "poll", "mqtt"]), default="longpoll", show_default=True)
@click.option("--interval", type=float, default=30.0, show_default=True, help="Seconds between polls.")
@click.option("--wait", type=int, default=60, show_default=True, help="Long-poll seconds.")
@click.option("--seconds", type=float, default=60.0, show_default=True, help="How long to run.")
@click.option("--heartbeat", type=float, default=60.0, show_default=True, help="Seconds between heartbeats (0: none).")
@click.option("--watch", default="", help="Record when each device first gets a manifest containing this text.")
@click.option("--mqtt", "mqtt_url", default="", help="Broker for --mode mqtt.")
def simulate(
    hub_url: str,
    tokens_file: Path,
    devices: int,
    mode: str,
    interval: float,
    wait: int,
    seconds: float,
    heartbeat: float,
    watch: str,
    mqtt_url: str,
) -> None:
    from devices import simulator

    tokens = [t.strip() for t in tokens_file.read_text().splitlines() if t.strip()]
    tokens = tokens[:devices] if devices else tokens
    result = simulator.main(hub_url, tokens, mode, interval, wait, seconds, heartbeat, watch, mqtt_url)
    click.echo(json.dumps(result, indent=2))
