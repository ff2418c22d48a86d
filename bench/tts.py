"""Speech benchmark. Prints JSON:

- real-time factor (synthesis time / audio time) of espeak-ng, of our ONNX `vits` engine and of
  coqui's own PyTorch inference on the same full-size VITS (random weights: timing only);
- a 60-second bulletin end to end (normalise, synthesise in parallel, loudness, MP3) with espeak-ng
  and with the full-size VITS;
- a cache hit (the same text asked again: no synthesis);
- normalisation throughput (sentences per second).

    .venv/bin/python bench/tts.py              # builds the coqui tool venv on first use (multi-GB)
    .venv/bin/python bench/tts.py --no-coqui   # espeak-ng, the tiny VITS fixture and the rest only
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from voice.audio import Options, render  # noqa: E402
from voice.normalize import normalize  # noqa: E402
from voice.tts import make_engine, split, synthesize  # noqa: E402
from voice.tts.pipeline import workers  # noqa: E402

BULLETIN = """Thông báo về kế hoạch tiêm chủng mở rộng tháng 12/2026.
Thực hiện Kế hoạch số 135/KH-UBND ngày 20/11/2026 của UBND tỉnh, Trung tâm Y tế thông báo: từ ngày 01/12 đến
15/12/2026, các trạm y tế xã, phường tổ chức tiêm vắc xin sởi – rubella cho trẻ từ 1 đến 5 tuổi, từ 7h30 đến 11h00
các buổi sáng thứ Ba và thứ Năm. Phụ huynh mang theo sổ tiêm chủng, thẻ BHYT và CCCD.
Năm nay toàn tỉnh có 45.250 trẻ trong diện tiêm, tăng 12,5% so với năm 2025; kinh phí 1,5 tỷ đồng do ngân sách
tỉnh bảo đảm. Mọi thắc mắc xin liên hệ đường dây nóng 0262 3852 123.
Nhiệt độ những ngày tới từ 18-25°C; đề nghị bà con giữ ấm cho trẻ khi đi tiêm."""


def rtf(engine, sentences: list[str]) -> dict[str, float]:
    engine.synthesize(sentences[0])  # warm up (model load)
    started = time.perf_counter()
    audio = sum(engine.synthesize(s).seconds for s in sentences)
    seconds = time.perf_counter() - started
    return {"synthesis_seconds": round(seconds, 3), "audio_seconds": round(audio, 2), "rtf": round(seconds / audio, 4)}


def end_to_end(engine, text: str, workdir: Path) -> dict[str, float]:
    started = time.perf_counter()
    spoken = normalize(text).text
    speech = synthesize(engine, spoken, parallel=workers())
    made = render(speech.audio, Options(loudness=-16.0, chime="builtin"), ("mp3",), workdir)
    seconds = time.perf_counter() - started
    return {
        "audio_seconds": round(made["mp3"].duration, 1),
        "wall_seconds": round(seconds, 3),
        "sentences": speech.pieces,
    }


def normalisation_rate(sentences: list[str]) -> dict[str, float]:
    started = time.perf_counter()
    rounds = 0
    while time.perf_counter() - started < 2.0:
        for sentence in sentences:
            normalize(sentence)
        rounds += 1
    seconds = time.perf_counter() - started
    return {"sentences_per_second": round(rounds * len(sentences) / seconds), "sentences": len(sentences)}


def cache_hit(workdir: Path) -> dict[str, float]:
    """The hub asked twice for the same text (a draft preview, then the same words again)."""
    from hub.accounts.model import Principal
    from hub.audio import service
    from hub.bootstrap import build_hub
    from hub.config import Settings
    from hub.db.migrate import upgrade

    settings = Settings(var_dir=workdir, secret_key="bench-secret-key-of-sufficient-length", log_level="warning")
    hub = build_hub(settings)
    upgrade(hub.database.engine)
    system = Principal.system("bench")
    started = time.perf_counter()
    service.preview(hub.database, system, settings, BULLETIN)
    miss = time.perf_counter() - started
    hits = []
    for _ in range(20):
        started = time.perf_counter()
        service.preview(hub.database, system, settings, BULLETIN)
        hits.append(time.perf_counter() - started)
    hub.database.dispose()
    hits.sort()
    return {"miss_ms": round(miss * 1000, 1), "hit_ms_median": round(hits[len(hits) // 2] * 1000, 2)}


def coqui_side(sentences: list[str], workdir: Path) -> dict[str, object] | None:
    python = subprocess.run([str(ROOT / "scripts" / "coqui-venv.sh")], capture_output=True, text=True, check=False)
    if python.returncode != 0:
        print(python.stderr, file=sys.stderr)
        return None
    listing = workdir / "sentences.json"
    listing.write_text(json.dumps(sentences, ensure_ascii=False))
    done = subprocess.run(
        [
            python.stdout.strip(),
            str(ROOT / "bench" / "coqui_vits.py"),
            str(workdir / "full-vits"),
            "--sentences",
            str(listing),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="TTS benchmark (JSON)")
    parser.add_argument("--no-coqui", action="store_true", help="skip the full-size VITS and coqui's PyTorch side")
    ns = parser.parse_args()
    plan = (ROOT / "tests" / "fixtures" / "text" / "ke-hoach-dak-lak-2020-2025.txt").read_text(encoding="utf-8")
    written = [s for s in re.split(r"(?<=[.;:!?])\s+", BULLETIN + "\n" + plan) if re.search(r"\w{3}", s)]
    spoken = [p.text for p in split(normalize(BULLETIN).text)]
    out: dict[str, object] = {"cores": os.cpu_count(), "sentences": len(spoken)}
    out["normalize"] = normalisation_rate(written)
    with tempfile.TemporaryDirectory(prefix="ttcs-bench-") as tmp:
        work = Path(tmp)
        espeak = make_engine("espeak")
        out["rtf"] = {"espeak": rtf(espeak, spoken)}
        out["bulletin_60s"] = {"espeak": end_to_end(espeak, BULLETIN, work / "e2e-espeak")}
        tiny = make_engine("vits", model_path=ROOT / "tests" / "fixtures" / "tts" / "tiny-vits.onnx", threads=2)
        out["rtf"]["vits_onnx_tiny"] = rtf(tiny, spoken)
        if not ns.no_coqui:
            coqui = coqui_side(spoken, work)
            if coqui is not None:
                full = make_engine("vits", model_path=coqui["onnx"], threads=2)
                onnx = rtf(full, spoken)
                out["rtf"]["vits_onnx_full"] = onnx
                out["rtf"]["coqui_torch_full"] = {k: v for k, v in coqui.items() if k != "onnx"}
                out["onnx_speedup_over_torch"] = round(float(coqui["rtf"]) / onnx["rtf"], 2)
                parallel = make_engine("vits", model_path=coqui["onnx"], threads=1)
                out["bulletin_60s"]["vits_full"] = end_to_end(parallel, BULLETIN, work / "e2e-vits")
        out["cache"] = cache_hit(work / "hub")
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
