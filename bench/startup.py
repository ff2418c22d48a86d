"""Start-up benchmark: how long the command line takes before it does anything, and the embedded
NLU's first answer with and without the trained classifier kept on disk. Prints JSON.

    .venv/bin/python bench/startup.py [--runs 7]

The peer is `python -c pass` measured in the same run: the interpreter's own start, which no
command can beat. "start" runs a command's `--help` (the command line parsed, the command found
and its options built, nothing done); "run" does the work on a fresh SQLite database (migrated and
seeded once before timing). Each figure is the median of the runs, with the fastest beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TTCS = str(Path(sys.executable).with_name("ttcs"))
TEXT = "UBND xã Ea Kao thông báo: tiêm phòng dại cho chó, mèo từ 7h–9h30 ngày 1/10, phí 50k/con."
QUESTION = "khi nao tiem phong dai cho cho meo o ea kao"


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def figure(argv: list[str], env: dict[str, str], runs: int, before: list[str] | None = None) -> dict[str, float]:
    """Median and fastest of `runs` runs; `before` (e.g. removing a cache) runs untimed each time."""
    seconds = []
    for _ in range(runs):
        if before is not None:
            subprocess.run(before, env=env, check=True)
        seconds.append(timed(argv, env))
    return {"median_s": round(statistics.median(seconds), 3), "fastest_s": round(min(seconds), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ttcs-bench-startup-"))
    env = {
        **os.environ,
        "TTCS_VAR_DIR": str(work),
        "TTCS_DATABASE_URL": f"sqlite:///{work / 'ttcs.sqlite3'}",
        "TTCS_LOG_LEVEL": "warning",
    }
    env.pop("TTCS_PLUGINS", None)
    results: dict[str, object] = {"cpu_cores": os.cpu_count(), "load_average": os.getloadavg(), "runs": args.runs}
    try:
        subprocess.run([TTCS, "db", "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([TTCS, "seed"], env=env, check=True, stdout=subprocess.DEVNULL)
        cache = str(work / "cache" / "nlu")
        results["peer_python_c_pass"] = figure([sys.executable, "-c", "pass"], env, args.runs)
        results["ttcs_help"] = figure([TTCS, "--help"], env, args.runs)
        results["normalize_start"] = figure([TTCS, "normalize", "--help"], env, args.runs)
        results["normalize_run"] = figure([TTCS, "normalize", TEXT], env, args.runs)
        results["nlu_parse_start"] = figure([TTCS, "nlu", "parse", "--help"], env, args.runs)
        cold_runs = max(2, args.runs // 3)  # each trains the classifier: seconds apiece
        results["nlu_first_answer_trained"] = figure(
            [TTCS, "nlu", "parse", QUESTION], env, cold_runs, before=["rm", "-rf", cache]
        )
        results["nlu_first_answer_cached"] = figure([TTCS, "nlu", "parse", QUESTION], env, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
