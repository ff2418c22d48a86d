"""`ttcs nlu …` against a seeded database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.nlu_cli import nlu
from hub.cli import common


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
