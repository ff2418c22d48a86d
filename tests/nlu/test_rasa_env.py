"""The Rasa environment's bookkeeping (no Rasa needed): projects, fingerprints, old models."""

import os
import time

import yaml

from nlu.rasa_env import RasaEnvironment, find_python310


def test_a_project_is_the_shipped_data_with_the_callers_areas(tmp_path):
    environment = RasaEnvironment(tmp_path)
    root, fingerprint = environment.project()
    assert (root / "config.yml").exists()
    assert sorted(p.name for p in (root / "data").iterdir()) == [
        "areas.yml",
        "conversation.yml",
        "information.yml",
        "services.yml",
        "topics.yml",
    ]
    assert environment.project()[1] == fingerprint  # same data, same model
    areas = 'version: "3.1"\nnlu:\n- lookup: area\n  examples: |\n    - Thôn 3\n'
    other_root, other = environment.project(areas)
    assert other != fingerprint
    assert yaml.safe_load((other_root / "data" / "areas.yml").read_text())["nlu"][0]["lookup"] == "area"


def test_only_the_newest_models_are_kept(tmp_path):
    environment = RasaEnvironment(tmp_path)
    environment.models.mkdir(parents=True)
    models = []
    for i in range(5):
        model = environment.models / f"ttcs-nlu-{i:016x}.tar.gz"
        model.write_bytes(b"x")
        (tmp_path / "projects" / f"{i:016x}").mkdir(parents=True)
        os.utime(model, (time.time() - 100 + i, time.time() - 100 + i))
        models.append(model)
    environment._prune(keep=models[1])
    assert sorted(p.name for p in environment.models.iterdir()) == sorted(
        m.name for m in (models[1], models[4], models[3])
    )
    assert sorted(p.name for p in (tmp_path / "projects").iterdir()) == [f"{i:016x}" for i in (1, 3, 4)]


def test_a_wrong_interpreter_is_not_taken_for_python_3_10(tmp_path):
    fake = tmp_path / "python3.10"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    found = find_python310(str(fake))
    assert found != str(fake)
