"""`ttcs nlu …`: parse messages, score the engines, build and run a real Rasa model."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hub.cli.common import reports_errors

if TYPE_CHECKING:
    from bot.understanding import Understanding
    from nlu.evaluation import Report
    from nlu.rasa_env import RasaEnvironment


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def _environment() -> RasaEnvironment:
    from bot.settings import BotSettings
    from hub.config import load_settings
    from nlu.rasa_env import RasaEnvironment

    settings = load_settings()
    return RasaEnvironment(
        Path(settings.of(BotSettings).nlu_rasa_cache_dir).expanduser(), settings.of(BotSettings).nlu_rasa_python
    )


@contextmanager
def _understanding() -> Iterator[Understanding]:
    """The hub's NLU on its database, without building the hub: no plugin is loaded, so a command
    answers its first message within a second or two. Its engine is closed when the command ends."""
    from bot.understanding import Understanding
    from hub.config import load_settings
    from hub.db.engine import engine_from_settings

    settings = load_settings()
    database = engine_from_settings(settings)
    try:
        yield Understanding(settings, database)
    finally:
        database.dispose()


@click.group(help="Vietnamese NLU: parse messages, evaluate, train and serve a Rasa 3.6 model.")
def nlu() -> None:
    pass


@nlu.command(help="Parse TEXT and print Rasa's parse JSON; without TEXT, one message per stdin line → one JSON line.")
@click.argument("text", required=False)
@reports_errors
def parse(text: str | None) -> None:
    with _understanding() as understanding:
        if text is not None:
            click.echo(json.dumps(understanding.parse(text), ensure_ascii=False, indent=2))
            return
        for line in sys.stdin:
            click.echo(_dump(understanding.parse(line.rstrip("\r\n"))))
            sys.stdout.flush()


@nlu.command("evaluate", help="Score an engine on the held-out split: accuracy, macro-F1, area accuracy, confusions.")
@click.option("--url", default=None, help="Score the Rasa server at this URL (default: the hub's engine).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@reports_errors
def evaluate_command(url: str | None, as_json: bool) -> None:
    from nlu.client import RasaServerEngine
    from nlu.evaluation import evaluate
    from nlu.gazetteer import Gazetteer
    from nlu.training import load_heldout

    with _understanding() as understanding:
        if url:
            gazetteer = Gazetteer(understanding.areas())
            parse_one = RasaServerEngine(url, gazetteer=lambda: gazetteer).parse
        else:
            parse_one = understanding.parse
        report = evaluate(parse_one, load_heldout().examples)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_report(report)


def _print_report(report: Report) -> None:
    click.echo(f"Held-out examples: {report.total}")
    click.echo(f"Accuracy:          {report.accuracy:.4f}")
    click.echo(f"Macro-F1:          {report.macro_f1:.4f}")
    click.echo(f"Fallback rate:     {report.fallback_rate:.4f}")
    click.echo(f"Area accuracy:     {report.area_accuracy:.4f} ({report.area_messages} messages naming an area)")
    click.echo(f"Area false alarms: {report.area_false_alarms}")
    click.echo("Per intent (precision / recall / F1):")
    for intent, s in report.per_intent.items():
        click.echo(f"  {intent:<24} {s['precision']:.2f} / {s['recall']:.2f} / {s['f1']:.2f}")
    click.echo("Confusions (expected → predicted: count):")
    for c in report.confusions or [{"expected": "—", "predicted": "—", "count": 0}]:
        click.echo(f"  {c['expected']} → {c['predicted']}: {c['count']}")


@nlu.command("export-areas", help="Write the `area` lookup and synonyms (Rasa YAML) from the areas table.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Default: nlu/data/areas.yml."
)
@reports_errors
def export_areas(output: Path | None) -> None:
    from nlu.training import DATA_DIR

    output = output or DATA_DIR / "areas.yml"

    with _understanding() as understanding:
        text = understanding.export_areas()
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"Đã ghi {output}")


@nlu.command("rasa-train", help="Build a Rasa 3.6 model from nlu/ and the areas table (Rasa env created once).")
@click.option("--force", is_flag=True, help="Train even when a model for this data exists.")
@reports_errors
def rasa_train(force: bool) -> None:
    from nlu.rasa_env import RasaSetupError

    environment = _environment()
    try:
        with _understanding() as understanding:
            areas = understanding.export_areas()
        model = environment.train(areas, force=force)
    except RasaSetupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(model))


@nlu.command("rasa-serve", help="Run a Rasa 3.6 server with the model for the current data (trains it if needed).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=5005, show_default=True, help="0 picks a free port.")
@click.option(
    "--ready-timeout", type=float, default=180.0, show_default=True, help="Seconds to wait for the model to load."
)
@reports_errors
def rasa_serve(host: str, port: int, ready_timeout: float) -> None:
    from nlu.rasa_env import RasaSetupError, free_port, stop, wait_until_ready

    environment = _environment()
    process = None
    try:  # whatever happens, a server this command started does not outlive it
        with _understanding() as understanding:
            areas = understanding.export_areas()
        model = environment.train(areas)
        port = port or free_port()
        process = environment.serve(model, host=host, port=port)
        url = f"http://{host}:{port}"
        wait_until_ready(url, process, timeout=ready_timeout)
        click.echo(f"Rasa đang chạy tại {url} (TTCS_NLU_URL={url}); Ctrl+C để dừng.", err=True)
        process.wait()
    except KeyboardInterrupt:
        pass
    except RasaSetupError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if process is not None:
            stop(process)
