"""coqui-tts run directly (PyTorch): any coqui model, for operators who have one that is not VITS or
who want to compare. An optional extra (`pip install .[coqui]`); the ONNX `vits` engine is the
serving path. Also: exporting a coqui VITS checkpoint to ONNX for that engine.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import numpy as np

from voice.errors import EngineUnavailable
from voice.tts.base import Audio, Voice

MISSING = (
    "Chưa cài coqui-tts (gói tùy chọn: `pip install .[coqui]`, khoảng vài GB). Dùng engine `vits` với mô hình "
    "ONNX để đọc nhanh trên CPU."
)


def _import_coqui() -> Any:
    try:
        import TTS.tts.models.vits as vits  # noqa: F401
        from TTS.utils.synthesizer import Synthesizer
    except ImportError as exc:
        raise EngineUnavailable(MISSING, code="coqui_missing") from exc
    return Synthesizer


def config_path_for(checkpoint: Path) -> Path:
    for candidate in (
        Path(f"{checkpoint}.json"),
        checkpoint.with_suffix(".onnx.json"),
        checkpoint.parent / "config.json",
    ):
        if candidate.is_file():
            return candidate
    raise EngineUnavailable(
        f"Không tìm thấy cấu hình (config.json) của mô hình {checkpoint}.", code="voice_config_missing"
    )


class CoquiEngine:
    name = "coqui"

    def __init__(self, checkpoint: str | Path) -> None:
        self.checkpoint = Path(checkpoint)
        if not self.checkpoint.is_file():
            raise EngineUnavailable(f"Không tìm thấy mô hình coqui: {self.checkpoint}.", code="voice_model_missing")
        self.config_path = config_path_for(self.checkpoint)
        self.config = json.loads(self.config_path.read_text(encoding="utf-8"))
        self._synth: Any = None
        self._lock = threading.Lock()

    @property
    def voice(self) -> Voice:
        meta = self.config.get("ttcs") or {}
        return Voice(
            id=self.checkpoint.name,
            engine=self.name,
            language=str(meta.get("language") or "vi"),
            sample_rate=int((self.config.get("audio") or {}).get("sample_rate", 22050)),
            license=str(meta.get("license") or "xem tài liệu của mô hình"),
            name=self.checkpoint.stem,
        )

    def _load(self) -> Any:
        with self._lock:
            if self._synth is None:
                synthesizer = _import_coqui()
                self._synth = synthesizer(tts_checkpoint=str(self.checkpoint), tts_config_path=str(self.config_path))
            return self._synth

    def synthesize(self, text: str) -> Audio:
        synth = self._load()
        with self._lock:  # one PyTorch model is not safe to run from several threads at once
            wav = synth.tts(text)
        return Audio.from_float(np.asarray(wav, dtype=np.float32), self.voice.sample_rate)


def export_onnx(checkpoint: str | Path, output: str | Path, config: str | Path | None = None) -> Path:
    """A coqui VITS checkpoint → `<output>.onnx` + `<output>.onnx.json` for the `vits` engine."""
    try:
        import torch
        from TTS.tts.configs.vits_config import VitsConfig
        from TTS.tts.models.vits import Vits
    except ImportError as exc:
        raise EngineUnavailable(MISSING, code="coqui_missing") from exc
    checkpoint = Path(checkpoint)
    config_path = Path(config) if config else config_path_for(checkpoint)
    data = json.loads(config_path.read_text(encoding="utf-8"))
    vits_config = VitsConfig()
    vits_config.from_dict(data)
    model = Vits.init_from_config(vits_config)
    state = torch.load(str(checkpoint), map_location="cpu", weights_only=False)
    model.load_state_dict(state.get("model", state), strict=False)
    model.eval()
    target = Path(output)
    if target.suffix != ".onnx":
        target = target.with_suffix(".onnx")
    target.parent.mkdir(parents=True, exist_ok=True)
    model.export_onnx(output_path=str(target), verbose=False)
    Path(f"{target}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return target
