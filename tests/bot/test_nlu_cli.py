"""`ttcs nlu …` against a seeded database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.nlu_cli import nlu
from hub.cli import common
from tests.support.clock import real_clock_for_children


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "TTCS_DATABASE_URL": database_url,
        "TTCS_VAR_DIR": str(tmp_path),
        "TTCS_SECRET_KEY": "test-secret-key-of-sufficient-length",
        "TTCS_LOG_LEVEL": "warning",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    common.hub.cache_clear()
    yield env
    common.hub().close()
    common.hub.cache_clear()


def test_parse_prints_rasa_json(cli_env):
    result = CliRunner().invoke(nlu, ["parse", "cho hoi lich phat loa o cu mgar"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["intent"]["name"] == "ask_schedule"
    assert body["entities"][0]["additional_info"]["name"] == "Xã Cư M’gar"


def test_stdin_gives_one_json_line_per_message_in_order(cli_env):
    messages = ["xin chào", "cho hoi lich phat loa o cu mgar", "", "cảm ơn nhé", "tôi ở thôn 3 xã Cư M'gar", "bye"]
    result = CliRunner().invoke(nlu, ["parse"], input="\n".join(messages) + "\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["text"] for line in lines] == messages
    assert [line["intent"]["name"] for line in lines] == [
        "greet",
        "ask_schedule",
        "nlu_fallback",
        "thanks",
        "inform_location",
        "goodbye",
    ]


def test_evaluate_prints_the_scores_and_the_confusions(cli_env):
    result = CliRunner().invoke(nlu, ["evaluate"])
    assert result.exit_code == 0, result.output
    assert "Macro-F1:" in result.output and "Confusions (expected → predicted: count):" in result.output
    scores = json.loads(CliRunner().invoke(nlu, ["evaluate", "--json"]).output)
    assert scores["macro_f1"] >= 0.92 and scores["area_accuracy"] >= 0.95


def test_export_areas_includes_villages_and_aliases(cli_env, tmp_path):
    target = tmp_path / "areas.yml"
    result = CliRunner().invoke(nlu, ["export-areas", "-o", str(target)])
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    synonyms = {item["synonym"]: item["examples"] for item in doc["nlu"] if "synonym" in item}
    assert "- Cư M’gar\n" in synonyms["24280"]
    village = next(code for code, forms in synonyms.items() if code.startswith("24280-") and "Thôn 3" in forms)
    assert village
    assert len(synonyms) >= 103 + 5  # the province, 102 communes and wards, the demo's villages


@pytest.mark.slow
def test_the_installed_command(cli_env):
    """The done-when example, through the real `ttcs` entry point and its plugin discovery."""
    ttcs = Path(sys.executable).parent / "ttcs"
    out = subprocess.run(
        [str(ttcs), "nlu", "parse", "cho hoi lich phat loa o cu mgar"],
        capture_output=True,
        text=True,
        env={**os.environ, **cli_env},
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["intent"]["name"] == "ask_schedule"
    assert [(e["value"], e["additional_info"]["name"]) for e in body["entities"]] == [("24280", "Xã Cư M’gar")]


FAKE_RASA = """#!{python}
# Stands in for `rasa`: `train` writes the model archive, `run` starts (with a worker) and never answers.
import os, subprocess, sys, time
args = sys.argv[1:]
if args[0] == "train":
    out, name = args[args.index("--out") + 1], args[args.index("--fixed-model-name") + 1]
    os.makedirs(out, exist_ok=True)
    open(os.path.join(out, name + ".tar.gz"), "wb").close()
elif args[0] == "run":
    worker = subprocess.Popen(["sleep", "300"])
    with open({pids!r}, "w") as f:
        f.write(f"{{os.getpid()}} {{worker.pid}}")
    if {exits!r}:
        sys.exit(3)
    time.sleep(300)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("exits", [False, True], ids=["never-ready", "exits-while-starting"])
def test_rasa_serve_stops_the_server_it_started_when_it_fails(cli_env, tmp_path, monkeypatch, exits):
    from nlu.rasa_env import RASA_VERSION, VENV_NAME

    cache = tmp_path / "rasa-cache"
    venv = cache / VENV_NAME
    (venv / "bin").mkdir(parents=True)
    pids = tmp_path / "rasa.pids"
    rasa = venv / "bin" / "rasa"
    rasa.write_text(FAKE_RASA.format(python=sys.executable, pids=str(pids), exits=exits))
    rasa.chmod(0o755)
    (venv / ".ttcs-ready").write_text(RASA_VERSION)
    monkeypatch.setenv("TTCS_NLU_RASA_CACHE_DIR", str(cache))
    common.hub.cache_clear()

    with real_clock_for_children():  # the stand-in runs a Python of its own, as Rasa does
        result = CliRunner().invoke(nlu, ["rasa-serve", "--port", "0", "--ready-timeout", "3"])
    assert result.exit_code == 1, result.output
    assert "did not answer within 3 s" in result.output or "exited with code 3" in result.output
    server, worker = (int(p) for p in pids.read_text().split())
    deadline = time.monotonic() + 10  # a killed process is gone once the kernel and init have reaped it
    while (_alive(server) or _alive(worker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(server) and not _alive(worker)
