"""Loopback ports for the servers the tests start, never shared between test processes.

The suite runs in several processes (pytest-xdist) and `make test` may run its PostgreSQL and SQLite
passes side by side. Asking the kernel for a free port (bind to port 0, close, hand the number to a
server that binds it later) races: another process can be given the same number in between. So each
test process takes its ports from its own block, below the kernel's ephemeral range (32768–60999 on
Linux, where bind-to-0 and outgoing connections take theirs): the pass's base
(`TTCS_TEST_PORT_BASE`, set per pass by scripts/run-tests.sh) plus `BLOCK` ports per xdist worker.
A port is handed out only if TCP and UDP can both bind it now (SIP and RTP use UDP), so a port still
held by a server of an earlier test is skipped.
"""

from __future__ import annotations

import itertools
import os
import socket
import threading

BLOCK = 1000
DEFAULT_BASE = 20000

_lock = threading.Lock()
_offsets = itertools.count()


def _worker_index() -> int | None:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw3" in an xdist worker, unset otherwise
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else None


def _bindable(port: int) -> bool:
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(socket.AF_INET, kind) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def free_port() -> int:
    """A loopback port no other test process will be given."""
    if _worker_index() is None:  # one process: the kernel's choice cannot collide with another test process
        for _ in range(50):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = int(s.getsockname()[1])
            if _bindable(port):  # UDP too: SIP and RTP
                return port
        raise RuntimeError("no loopback port free for both TCP and UDP")
    return free_ports(1)


def free_ports(count: int) -> int:
    """The first of `count` free loopback ports in a row (sipp takes its RTP ports from one it is given)."""
    index = _worker_index() or 0
    start = int(os.environ.get("TTCS_TEST_PORT_BASE", DEFAULT_BASE)) + index * BLOCK
    with _lock:
        for _ in range(BLOCK):
            first = start + next(_offsets) % (BLOCK - count + 1)
            for _ in range(count - 1):
                next(_offsets)
            if all(_bindable(port) for port in range(first, first + count)):
                return first
    raise RuntimeError(f"no {count} free ports in a row left in {start}–{start + BLOCK - 1}")
