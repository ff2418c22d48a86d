"""A real Rasa 3.6 beside the hub: its environment, training and server, driven from Python 3.11.

Rasa Open Source 3.6 (the last one) needs Python 3.10 and TensorFlow, so it lives in its own
virtual environment, created once in a cache directory (`~/.cache/ttcs/rasa-3.6`, ≈2.7 GB, about
two minutes) and reused. Training runs `rasa train nlu` on a project directory assembled from
`nlu/config.yml` and `nlu/data` (with the caller's areas lookup); models are named by a
fingerprint of everything that goes into them, so an unchanged model is never trained twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from nlu.training import AREAS_FILE, CONFIG_PATH, DATA_DIR

log = logging.getLogger(__name__)

RASA_VERSION = "3.6.21"
VENV_NAME = "rasa-3.6"
DEFAULT_CACHE_DIR = Path.home() / ".cache" / "ttcs"
# One step of building the environment (creating it, installing Rasa, training a model) may take this long:
# minutes on a first run over a slow network or two busy cores, never without end.
BUILD_TIMEOUT = 3600.0


class RasaSetupError(RuntimeError):
    """Rasa cannot be installed, trained or started here; the message says why."""


def find_python310(explicit: str = "") -> str | None:
    """A working Python 3.10 interpreter: `explicit`, `python3.10` on PATH, or a pyenv install."""
    candidates = [explicit] if explicit else []
    candidates.append(shutil.which("python3.10") or "")
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/3.10*/bin/python3.10"), reverse=True)
    candidates += ["/usr/bin/python3.10", "/usr/local/bin/python3.10"]
    for candidate in candidates:
        if candidate and _is_python310(candidate):
            return candidate
    return None


def _is_python310(path: str) -> bool:
    try:
        out = subprocess.run(
            [path, "-c", "import sys, venv; print(sys.version_info[:2] == (3, 10))"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and out.stdout.strip() == "True"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RasaEnvironment:
    def __init__(self, cache_dir: Path = DEFAULT_CACHE_DIR, python: str = "") -> None:
        self.cache_dir = Path(cache_dir).expanduser()
        self.venv = self.cache_dir / VENV_NAME
        self.models = self.cache_dir / "models"
        self._python = python

    @property
    def rasa(self) -> Path:
        return self.venv / "bin" / "rasa"

    @property
    def ready(self) -> bool:
        return (self.venv / ".ttcs-ready").read_text().strip() == RASA_VERSION if self._marker_exists() else False

    def _marker_exists(self) -> bool:
        return (self.venv / ".ttcs-ready").exists() and self.rasa.exists()

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env.update(
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            PYTHONWARNINGS="ignore",
        )
        return env

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One installer or trainer at a time (parallel test workers share the cache)."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with open(self.cache_dir / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def ensure(self) -> Path:
        """Create the Rasa environment unless it is there; returns the `rasa` executable."""
        with self._locked():
            if self.ready:
                return self.rasa
            python = find_python310(self._python)
            if python is None:
                raise RasaSetupError(
                    "Rasa 3.6 needs Python 3.10, and none was found (set TTCS_NLU_RASA_PYTHON or install python3.10)"
                )
            log.warning("creating the Rasa %s environment in %s (once; about two minutes)", RASA_VERSION, self.venv)
            shutil.rmtree(self.venv, ignore_errors=True)
            self._run([python, "-m", "venv", str(self.venv)], "create the Rasa virtual environment")
            pip = str(self.venv / "bin" / "pip")
            self._run([pip, "install", "--quiet", f"rasa=={RASA_VERSION}"], f"install rasa=={RASA_VERSION}")
            (self.venv / ".ttcs-ready").write_text(RASA_VERSION)
            return self.rasa

    def _run(self, command: list[str], what: str, cwd: Path | None = None) -> None:
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, env=self.env(), cwd=cwd, timeout=BUILD_TIMEOUT
            )
        except subprocess.TimeoutExpired as exc:
            raise RasaSetupError(f"could not {what}: still running after {BUILD_TIMEOUT:.0f} s") from exc
        if result.returncode != 0:
            tail = "\n".join((result.stderr or result.stdout).splitlines()[-15:])
            raise RasaSetupError(f"could not {what} (exit {result.returncode}):\n{tail}")

    def project(self, areas_yaml: str | None = None) -> tuple[Path, str]:
        """A Rasa project directory for this data, and its fingerprint."""
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(DATA_DIR.glob("*.yml"))}
        if areas_yaml is not None:
            files[AREAS_FILE] = areas_yaml
        config = CONFIG_PATH.read_text(encoding="utf-8")
        digest = hashlib.sha256(f"{RASA_VERSION}\n{config}".encode())
        for name, text in sorted(files.items()):
            digest.update(f"\n--{name}\n{text}".encode())
        fingerprint = digest.hexdigest()[:16]
        root = self.cache_dir / "projects" / fingerprint
        (root / "data").mkdir(parents=True, exist_ok=True)
        (root / "config.yml").write_text(config, encoding="utf-8")
        for name, text in files.items():
            (root / "data" / name).write_text(text, encoding="utf-8")
        return root, fingerprint

    def train(self, areas_yaml: str | None = None, *, force: bool = False, fresh_dir: Path | None = None) -> Path:
        """Train (or reuse) the NLU model for the current data; returns the model archive.

        `fresh_dir`: train from scratch there, without Rasa's training cache (for benchmarks).
        """
        rasa = self.ensure()
        root, fingerprint = self.project(areas_yaml)
        model = self.models / f"ttcs-nlu-{fingerprint}.tar.gz"
        if fresh_dir is not None:
            fresh = Path(fresh_dir) / "project"
            shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".rasa"))
            model = Path(fresh_dir) / "models" / model.name
            command = [str(rasa), "train", "nlu", "--config", "config.yml", "--nlu", "data"]
            command += ["--out", str(model.parent), "--fixed-model-name", model.name.removesuffix(".tar.gz")]
            self._run(command, "train the Rasa model", cwd=fresh)
            return model
        with self._locked():
            if model.exists() and not force:
                log.info("Rasa model for this data exists: %s", model)
                return model
            self.models.mkdir(parents=True, exist_ok=True)
            log.warning("training the Rasa model (several minutes on two cores)")
            command = [str(rasa), "train", "nlu", "--config", "config.yml", "--nlu", "data"]
            command += ["--out", str(self.models), "--fixed-model-name", model.name.removesuffix(".tar.gz")]
            self._run(command, "train the Rasa model", cwd=root)
        if not model.exists():
            raise RasaSetupError(f"rasa train finished but {model} is missing")
        self._prune(keep=model)
        return model

    def _prune(self, keep: Path, count: int = 3) -> None:
        """Keep the newest models (and their projects, with Rasa's training cache); drop the rest."""
        models = sorted(self.models.glob("ttcs-nlu-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [m for m in models if m != keep][count - 1 :]:
            fingerprint = old.name.removeprefix("ttcs-nlu-").removesuffix(".tar.gz")
            old.unlink(missing_ok=True)
            shutil.rmtree(self.cache_dir / "projects" / fingerprint, ignore_errors=True)

    def serve(self, model: Path, *, host: str = "127.0.0.1", port: int = 5005, log_file: Path | None = None) -> Popen:
        """Start `rasa run --enable-api` on the model; the caller stops it (`stop`)."""
        rasa = self.ensure()
        command = [str(rasa), "run", "--enable-api", "-m", str(model), "-i", host, "-p", str(port)]
        with open(log_file or os.devnull, "ab") as output:  # the child keeps its own copy
            return subprocess.Popen(
                command,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=self.env(),
                cwd=model.parent,
                start_new_session=True,
            )


Popen = subprocess.Popen[bytes]


def wait_until_ready(url: str, process: Popen | None = None, timeout: float = 180.0) -> None:
    """Wait until the server at `url` answers a parse (the model is loaded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RasaSetupError(f"the Rasa server exited with code {process.returncode} while starting")
        try:
            response = httpx.post(f"{url.rstrip('/')}/model/parse", json={"text": "xin chào"}, timeout=5.0)
            if response.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RasaSetupError(f"the Rasa server at {url} did not answer within {timeout:.0f} s")


def stop(process: Popen, timeout: float = 15.0) -> None:
    """Stop a server started by `serve`: its whole process group, even when the server itself has
    exited already and left workers behind."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout)
    with contextlib.suppress(ProcessLookupError, PermissionError):  # what is left of the group
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout)


if __name__ == "__main__":  # pragma: no cover - manual use: python -m nlu.rasa_env
    logging.basicConfig(level=logging.INFO)
    print(RasaEnvironment().train(), file=sys.stdout)
