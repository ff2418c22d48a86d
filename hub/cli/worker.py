"""`ttcs worker`: run jobs in their own process (production)."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING

import click

from hub.cli.common import hub

if TYPE_CHECKING:
    pass


@click.command(help="Run the job worker (render, notify, publish on time …) until stopped.")
@click.option("--threads", default=1, show_default=True, type=int, help="Jobs run at once in this process.")
@click.option("--drain", is_flag=True, help="Run every due job, then exit.")
def worker(threads: int, drain: bool) -> None:
    from hub.jobs.worker import Worker

    h = hub()
    workers = [Worker(h) for _ in range(threads)]
    if drain:
        workers[0].schedule_periodic()
        click.echo(f"{workers[0].drain()} jobs run")
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    running = [w.start_thread() for w in workers]
    stop.wait()
    for w in workers:
        w.stop()
    for thread in running:
        thread.join(timeout=30)
