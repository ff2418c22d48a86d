"""The production description: docker-compose.yml, the image, and the configuration reference."""

from pathlib import Path

import click
import yaml

from hub.cli.db import settings_markdown
from hub.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_set_each_with_an_image_or_build_and_a_health_check():
    services = COMPOSE["services"]
    assert {"postgres", "hub", "worker", "mosquitto", "proxy"} <= set(services)
    for name, service in services.items():
        assert "image" in service or "build" in service, name
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_compose_runs_several_hub_processes_and_workers_on_postgresql():
    hub, worker = COMPOSE["services"]["hub"], COMPOSE["services"]["worker"]
    assert int(hub["command"][hub["command"].index("--workers") + 1]) > 1
    assert worker["deploy"]["replicas"] > 1
    assert hub["environment"]["TTCS_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert hub["environment"]["TTCS_EMBEDDED_WORKER"] == "false"


def test_compose_commands_exist_and_mounted_files_are_in_the_repository():
    for name, service in COMPOSE["services"].items():
        command = service.get("command")
        words = command if isinstance(command, list) else []
        if words[:1] == ["ttcs"]:
            ctx = click.Context(cli)
            found = cli.get_command(ctx, words[1])
            assert found is not None, f"{name}: ttcs {words[1]}"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"{name} mounts missing {source}"


def test_configuration_reference_is_current():
    documented = (ROOT / "docs" / "configuration.md").read_text()
    assert documented == settings_markdown(), "run `ttcs config docs > docs/configuration.md`"
