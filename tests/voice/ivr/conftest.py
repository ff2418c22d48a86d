"""Real SIP on loopback: kamailio as registrar and proxy, `ttcs ivr` registered with it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from hub.config import Settings
from tests.support.sip import IvrProcess, Kamailio
from voice.tts.espeak import EspeakEngine

COMMUNES = "24169,24280"  # the demo's Phường Ea Kao (key 1) and Xã Cư M’gar (key 2)

needs_sip = pytest.mark.skipif(
    not (shutil.which("kamailio") or Path("/usr/sbin/kamailio").exists()) or not shutil.which("sipp"),
    reason="kamailio and sipp are installed by `make test` (scripts/ensure-system.sh test)",
)


@pytest.fixture(scope="session")
def prompt_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Spoken prompts, shared by every test's agent (they are the same words in the same voice)."""
    return tmp_path_factory.mktemp("ivr-prompts")


@pytest.fixture
def kamailio(tmp_path: Path) -> Iterator[Kamailio]:
    server = Kamailio(tmp_path / "kamailio").start()
    yield server
    server.stop()


def ivr_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {
        "TTCS_DATABASE_URL": settings.sqlalchemy_url,
        "TTCS_VAR_DIR": str(settings.var_dir),
        "TTCS_SECRET_KEY": settings.secret_key,
        "TTCS_EMBEDDED_WORKER": "false",
        "TTCS_LOG_LEVEL": "info",
        "TTCS_IVR_COMMUNES": COMMUNES,
        "TTCS_IVR_REGISTER_SECONDS": "3",
        "TTCS_IVR_REGISTER_TIMEOUT_SECONDS": "1",
        "TTCS_IVR_INPUT_SECONDS": "8",
    }
    env.update(extra)
    return env


@pytest.fixture
def start_ivr(
    settings: Settings, kamailio: Kamailio, prompt_dir: Path, tmp_path: Path
) -> Iterator[Callable[..., IvrProcess]]:
    started: list[IvrProcess] = []
    (settings.var_dir / "ivr").mkdir(parents=True, exist_ok=True)
    link = settings.var_dir / "ivr" / "prompts"
    if not link.exists():
        link.symlink_to(prompt_dir)

    def start(**extra: str) -> IvrProcess:
        agent = IvrProcess(ivr_env(settings, **extra), kamailio, tmp_path / "ivr.log").start(kamailio)
        started.append(agent)
        return agent

    yield start
    for agent in started:
        agent.stop()


@pytest.fixture(scope="session")
def spoken_feedback() -> bytes:
    """A citizen's words as 8 kHz 16-bit PCM (espeak-ng)."""
    audio = EspeakEngine("vi").synthesize("Cống thoát nước trước chợ Ea Kao bị tắc, nước tràn ra đường.")
    samples = audio.resampled(8000).samples.astype(np.float32)
    samples *= 0.5 * 32767 / max(1.0, float(np.abs(samples).max()))  # a caller speaking up
    return samples.astype(np.int16).tobytes()
