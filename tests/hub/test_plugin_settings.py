"""Each plugin declares its own settings; the hub's `Settings` hands them out by class, keeps the
variable names, and refuses a variable declared twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from hub.bootstrap import build_hub
from hub.config import Settings
from hub.plugins import Registry, load


class LampSettings(BaseSettings):
    """A plugin's own settings."""

    model_config = SettingsConfigDict(env_prefix="TTCS_", extra="ignore")

    lamp_brightness: int = Field(3, ge=0, description="How bright.")
    lamp_colour: str = Field("amber", description="Which colour.")


def test_a_plugins_settings_come_from_its_variables_and_from_values_given_to_the_hub_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTCS_LAMP_COLOUR", "green")
    settings = Settings(var_dir=tmp_path, lamp_brightness=7)
    lamp = settings.of(LampSettings)
    assert (lamp.lamp_brightness, lamp.lamp_colour) == (7, "green")
    assert settings.of(LampSettings) is lamp
    assert Settings(var_dir=tmp_path).of(LampSettings).lamp_brightness == 3


def test_a_variable_is_declared_by_one_class_only() -> None:
    class Clash(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="TTCS_")
        database_url: str = ""

    registry = Registry()
    registry.settings(LampSettings)
    registry.settings(LampSettings)  # the same class twice is one declaration
    assert registry.settings_classes == [LampSettings]
    with pytest.raises(ValueError, match="database_url"):
        registry.settings(Clash)


def test_a_wrong_plugin_setting_stops_the_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TTCS_IVR_SIP_PORT", "not-a-port")
    with pytest.raises(ValidationError, match="ivr_sip_port"):
        build_hub(Settings(var_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}"))


def test_no_two_plugins_declare_the_same_variable() -> None:
    names = [name for declared in (Settings, *load().settings_classes) for name in declared.model_fields]
    assert len(names) == len(set(names))
