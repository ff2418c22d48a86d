"""A throwaway PostgreSQL cluster on a free loopback port, for the tests and the benchmarks.

`initdb` + `pg_ctl` from the Debian packages; as root the cluster runs as user `postgres` (initdb
refuses root). Nothing is left behind: the data directory is removed when the cluster stops.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.ports import free_port

__all__ = ["Cluster", "free_port", "start_cluster"]


def _bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if not candidates:
        raise RuntimeError("PostgreSQL server binaries not found (install the `postgresql` package)")
    return Path(candidates[0])


@dataclass
class Cluster:
    datadir: Path
    port: int
    user: str
    bindir: Path
    as_postgres: bool

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def start(self) -> None:
        log = self.datadir / "server.log"
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.datadir} -c fsync=off -c max_connections=300"
        self._run("pg_ctl", "-D", str(self.datadir), "-o", options, "-l", str(log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "stop", check=False)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.datadir, ignore_errors=True)


def start_cluster(prefix: str = "ttcs-pg-") -> Cluster:
    bindir = _bindir()
    as_postgres = os.geteuid() == 0
    datadir = Path(tempfile.mkdtemp(prefix=prefix))
    user = "postgres" if as_postgres else os.environ.get("USER", "postgres")
    if as_postgres:
        shutil.chown(datadir, "postgres", "postgres")
    cluster = Cluster(datadir, free_port(), user, bindir, as_postgres)
    started = time.monotonic()
    cluster._run("initdb", "-D", str(datadir), "-U", user, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
    cluster.start()
    _ = started
    return cluster


@contextmanager
def throwaway_database(backend: str, prefix: str) -> Iterator[tuple[str, Path]]:
    """A database URL and a work folder for one benchmark run: SQLite in the folder, or a throwaway
    PostgreSQL cluster that is destroyed afterwards."""
    work = Path(tempfile.mkdtemp(prefix=f"{prefix}-{backend}-"))
    if backend == "sqlite":
        yield f"sqlite:///{work / 'ttcs.sqlite3'}", work
        return
    cluster = start_cluster()
    try:
        yield cluster.url("postgres"), work
    finally:
        cluster.destroy()
