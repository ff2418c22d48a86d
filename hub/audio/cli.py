"""`ttcs normalize`, `ttcs tts`, `ttcs tts-export`, `ttcs tts-quantize`: speech from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hub.cli.common import LazyChoice, reports_errors

if TYPE_CHECKING:
    from voice.normalize import Lexicon


def _lexicon() -> Lexicon:
    """The officials' lexicon from the database when there is one; the built-in one otherwise.
    Read with one query on a bare engine: building a hub would load every plugin first."""
    from sqlalchemy.exc import SQLAlchemyError

    from hub.audio.lexicon_rows import read
    from hub.config import load_settings
    from hub.db.engine import engine_from_settings
    from voice.normalize import Lexicon

    engine = engine_from_settings(load_settings())
    try:
        with engine.connect() as connection:
            return read(connection)
    except (SQLAlchemyError, OSError):
        click.echo("(database not available: built-in abbreviation lexicon only)", err=True)
        return Lexicon()
    finally:
        engine.dispose()


def _engines() -> tuple[str, ...]:
    from voice.tts import ENGINES

    return ENGINES


def _formats() -> list[str]:
    from voice.audio import FORMATS

    return list(FORMATS)


def _text(text: str) -> str:
    return sys.stdin.read() if text == "-" else text


def _voice_errors(fn):
    import functools

    from voice.errors import VoiceError

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except VoiceError as exc:
            click.echo(f"Lỗi: {exc.detail}", err=True)
            sys.exit(1)

    return wrapper


@click.command(help='Print the spoken form of Vietnamese TEXT ("-" reads standard input).')
@click.argument("text")
@click.option("--region", type=click.Choice(["north", "south"]), default=None, help="Default: TTCS_TTS_REGION.")
@click.option("--lexicon/--no-lexicon", "use_lexicon", default=True, help="Use the officials' lexicon.")
@reports_errors
@_voice_errors
def normalize(text: str, region: str | None, use_lexicon: bool) -> None:
    from hub.config import load_settings
    from voice.normalize import Lexicon, Normalizer
    from voice.settings import VoiceSettings

    settings = load_settings().of(VoiceSettings)
    normalizer = Normalizer(
        region or settings.tts_region, _lexicon() if use_lexicon else Lexicon(), settings.tts_max_chars
    )
    result = normalizer(_text(text))
    click.echo(result.text)
    for warning in result.warnings:
        click.echo(f"Chú ý: {warning}", err=True)


@click.command(help='Speak Vietnamese TEXT into FILE ("-" reads standard input). ulaw/alaw are 8 kHz G.711 for phones.')
@click.argument("text")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--engine", type=LazyChoice(_engines), default=None, help="Default: TTCS_TTS_ENGINE.")
@click.option("--voice", default=None, help="espeak-ng voice (vi, vi-vn-x-central, vi-vn-x-south).")
@click.option("--model", default=None, help="Voice model for vits/coqui. Default: TTCS_TTS_MODEL_PATH.")
@click.option("--format", "fmt", type=LazyChoice(_formats), default=None, help="Default: from the file name.")
@click.option("--chime/--no-chime", default=False, help="Add the intro/outro chime.")
@click.option("--normalize/--no-normalize", "normalize_first", default=True, help="Normalise the text first.")
@reports_errors
@_voice_errors
def tts(
    text: str,
    output: Path,
    engine: str | None,
    voice: str | None,
    model: str | None,
    fmt: str | None,
    chime: bool,
    normalize_first: bool,
) -> None:
    from hub.config import load_settings
    from voice.normalize import Normalizer
    from voice.settings import VoiceSettings

    settings = load_settings().of(VoiceSettings)
    fmt = fmt or _format_of(output)
    spoken = _text(text)
    if normalize_first:
        result = Normalizer(settings.tts_region, _lexicon(), settings.tts_max_chars)(spoken)
        spoken = result.text
        for warning in result.warnings:
            click.echo(f"Chú ý: {warning}", err=True)
    from voice.audio import Options, write
    from voice.tts import make_engine, synthesize

    chosen = make_engine(
        engine or settings.tts_engine,
        voice=voice or settings.tts_voice,
        model_path=model or settings.tts_model_path,
        precision=settings.tts_precision if (engine or settings.tts_engine) == "vits" else "fp32",
    )
    speech = synthesize(chosen, spoken)
    options = Options(loudness=settings.loudness_target, chime=settings.audio_chime if chime else "")
    write(speech.audio, output, fmt, options)
    click.echo(f"{output}: {fmt}, {speech.audio.seconds:.1f} s, {chosen.voice.name} ({chosen.voice.license})")


def _format_of(path: Path) -> str:
    from voice.audio import FORMATS

    suffix = path.suffix.lower().lstrip(".")
    return {"ogg": "opus", "ul": "ulaw", "mulaw": "ulaw", "al": "alaw"}.get(
        suffix, suffix if suffix in FORMATS else "wav"
    )


@click.command(
    "tts-export", help="Export a coqui VITS CHECKPOINT (.pth) to ONNX for TTCS_TTS_ENGINE=vits (needs .[coqui])."
)
@click.argument("checkpoint", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="voice.onnx")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@reports_errors
@_voice_errors
def tts_export(checkpoint: Path, output: Path, config: Path | None) -> None:
    from voice.tts.coqui import export_onnx

    target = export_onnx(checkpoint, output, config)
    click.echo(f"{target} (+ {target}.json): đặt TTCS_TTS_ENGINE=vits TTCS_TTS_MODEL_PATH={target}")


@click.command(
    "tts-quantize",
    help="Write an int8 copy of a VITS voice MODEL (voice.onnx → voice.int8.onnx) for TTCS_TTS_PRECISION=int8.",
)
@click.argument("model", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Default: beside MODEL."
)
@reports_errors
@_voice_errors
def tts_quantize(model: Path, output: Path | None) -> None:
    from voice.tts.vits import quantize

    target = quantize(model, output)
    size = target.stat().st_size / 1e6
    click.echo(f"{target} ({size:.1f} MB, + {target}.json): đặt TTCS_TTS_PRECISION=int8 TTCS_TTS_MODEL_PATH={model}")
