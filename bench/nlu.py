"""NLU benchmark: the embedded engine and a real Rasa 3.6 server side by side, on the held-out split.

    .venv/bin/python bench/nlu.py                # trains Rasa from scratch (minutes)
    .venv/bin/python bench/nlu.py --rasa-cached  # reuses the cached Rasa model (training time omitted)
    .venv/bin/python bench/nlu.py --no-rasa      # the embedded engine only

Prints one JSON object. Each engine runs in its own process so that its peak memory (VmHWM) is its
own: the embedded engine in a child Python 3.11 process (the hub's own process in production), Rasa
as its server (`rasa run --enable-api`) queried over loopback HTTP — the only way Rasa is used.
Latency is per parse, over every held-out message, `--rounds` times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# This file is bench/nlu.py: its own directory must not shadow the `nlu` package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from nlu.evaluation import evaluate, percentile  # noqa: E402
from nlu.training import load_heldout  # noqa: E402


def _peak_rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _score(parse, rounds: int) -> dict[str, object]:
    examples = load_heldout().examples
    report = evaluate(parse, examples)
    latencies = list(report.latencies_ms)
    for _ in range(rounds - 1):
        for example in examples:
            started = time.perf_counter()
            parse(example.text)
            latencies.append((time.perf_counter() - started) * 1000)
    return {
        **report.as_dict(with_confusions=False),
        "parse_ms_p50": round(percentile(latencies, 50), 3),
        "parse_ms_p99": round(percentile(latencies, 99), 3),
        "parses_timed": len(latencies),
    }


def embedded_worker(rounds: int) -> dict[str, object]:
    """Runs in its own process: import, train, score."""
    started = time.perf_counter()
    from nlu.areas import load_province
    from nlu.engine import EmbeddedEngine

    imported = time.perf_counter()
    engine = EmbeddedEngine.from_files(load_province(66))
    trained = time.perf_counter()
    engine.parse("xin chào")  # warm-up, as for Rasa
    scores = _score(engine.parse, rounds)
    return {
        **scores,
        "train_seconds": round(trained - imported, 2),
        "ready_seconds": round(trained - started, 2),
        "peak_rss_mb": _peak_rss_mb(),
    }


def run_embedded(rounds: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", "--rounds", str(rounds)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def run_rasa(rounds: int, cached: bool) -> dict[str, object]:
    import httpx

    from nlu.areas import load_province
    from nlu.client import RasaServerEngine
    from nlu.gazetteer import Gazetteer
    from nlu.rasa_env import RasaEnvironment, free_port, stop, wait_until_ready

    environment = RasaEnvironment(Path(os.environ.get("TTCS_NLU_RASA_CACHE_DIR", "~/.cache/ttcs")).expanduser())
    environment.ensure()
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        if cached:
            model = environment.train()
            result["train_seconds"] = None
        else:
            model = environment.train(fresh_dir=Path(scratch))
            result["train_seconds"] = round(time.perf_counter() - started, 1)
            result["train_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        port = free_port()
        started = time.perf_counter()
        process = environment.serve(model, port=port)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(url, process, timeout=600)
            result["ready_seconds"] = round(time.perf_counter() - started, 1)
            gazetteer = Gazetteer(load_province(66))
            server = RasaServerEngine(url, timeout=60, gazetteer=lambda: gazetteer)
            server.parse("xin chào")  # warm-up
            result = {**_score(server.parse, rounds), **result, "peak_rss_mb": _peak_rss_mb(process.pid)}
            server.close()
        except (httpx.HTTPError, OSError) as exc:
            result["error"] = str(exc)
        finally:
            stop(process)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-rasa", action="store_true")
    parser.add_argument("--rasa-cached", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(embedded_worker(args.rounds)))
        return
    figures: dict[str, object] = {
        "benchmark": "nlu",
        "heldout_examples": len(load_heldout().examples),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    rasa = None if args.no_rasa else run_rasa(args.rounds, args.rasa_cached)
    embedded = run_embedded(args.rounds)
    figures["embedded"] = embedded
    if rasa is not None:
        figures["rasa"] = rasa
        if "parse_ms_p50" in rasa:
            figures["embedded_vs_rasa"] = {
                "parse_speedup_p50": round(float(rasa["parse_ms_p50"]) / float(embedded["parse_ms_p50"]), 1),
                "parse_speedup_p99": round(float(rasa["parse_ms_p99"]) / float(embedded["parse_ms_p99"]), 1),
                "accuracy_delta": round(float(embedded["accuracy"]) - float(rasa["accuracy"]), 4),
                "macro_f1_delta": round(float(embedded["macro_f1"]) - float(rasa["macro_f1"]), 4),
                "area_accuracy_delta": round(float(embedded["area_accuracy"]) - float(rasa["area_accuracy"]), 4),
            }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
