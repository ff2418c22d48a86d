"""Helper of bench/tts.py, run in the coqui tool venv (scripts/coqui-venv.sh): build a full-size VITS
with random weights, export it to ONNX for our `vits` engine, and time coqui's own PyTorch
inference on the given sentences. Prints JSON."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path, help="output path without extension")
    parser.add_argument("--sentences", type=Path, required=True, help="JSON list of normalised sentences")
    parser.add_argument("--threads", type=int, default=2)
    ns = parser.parse_args()

    import torch

    torch.set_num_threads(ns.threads)
    spec = importlib.util.spec_from_file_location(
        "fixture", Path(__file__).parents[1] / "scripts" / "build-tts-fixture.py"
    )
    fixture = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixture)
    model, config = fixture.build(full=True)
    ns.out.parent.mkdir(parents=True, exist_ok=True)
    onnx_path = ns.out.with_suffix(".onnx")
    model.export_onnx(output_path=str(onnx_path), verbose=False)
    data = config.to_dict()
    data["ttcs"] = {"language": "vi", "license": "random weights (benchmark)"}
    Path(f"{onnx_path}.json").write_text(json.dumps(data, ensure_ascii=False))

    from TTS.tts.utils.text.tokenizer import TTSTokenizer

    tokenizer, _ = TTSTokenizer.init_from_config(config)
    sentences = json.loads(ns.sentences.read_text())
    rate = config.audio.sample_rate

    def say(text: str) -> int:
        ids = torch.LongTensor([tokenizer.text_to_ids(text)])
        with torch.inference_mode():
            out = model.inference(ids, aux_input={"x_lengths": torch.LongTensor([ids.shape[1]])})
        return int(out["model_outputs"].shape[-1])

    say(sentences[0])  # warm up
    started = time.perf_counter()
    samples = sum(say(s) for s in sentences)
    seconds = time.perf_counter() - started
    audio = samples / rate
    print(
        json.dumps(
            {
                "onnx": str(onnx_path),
                "parameters": sum(p.numel() for p in model.parameters()),
                "torch_threads": ns.threads,
                "synthesis_seconds": round(seconds, 3),
                "audio_seconds": round(audio, 2),
                "rtf": round(seconds / audio, 4),
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
