"""VITS voices as ONNX, run by onnxruntime: the fast serving path on CPU.

Two kinds of voice share one ONNX layout (inputs `input` int64 ids [1, T], `input_lengths` [1],
`scales` float32 [noise, length, noise_w], optional `sid`; output audio [1, 1, N]):

- **coqui** voices exported by `Vits.export_onnx()` (`ttcs tts-export`): `<model>.onnx` beside
  `<model>.onnx.json`, coqui's config, whose `characters` section defines the ids (graphemes; with
  `use_phonemes` the characters are espeak-ng IPA).
- **Piper** voices: `<voice>.onnx` + `<voice>.onnx.json` with `phoneme_id_map`; phonemes from
  espeak-ng, ids as piper-phonemize makes them (BOS, each phoneme followed by the pad, EOS).

The kind is told by the JSON itself.

Speed on a small CPU (issue 16): one onnxruntime session per model file and process, shared by every
engine and sentence thread (`_session`); each sentence thread runs one intra-op thread without
spinning, so two sentences use two cores without fighting for them. An int8 copy of the model
(`quantize`, `ttcs tts-quantize`) is an option the operator chooses with `TTCS_TTS_PRECISION`.

Sentence threads sharing the one session use both cores: onnxruntime releases the GIL while it runs,
and worker processes were measured no faster (bench/tts.py, `sentence_parallel`).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from voice.errors import EngineUnavailable
from voice.tts.base import Audio, Voice
from voice.tts.espeak import phonemes


@dataclass(frozen=True)
class Tokenizer:
    """Text → ids, the way the voice was trained."""

    kind: str  # "coqui" | "piper"
    ids: dict[str, list[int]]
    lowercase: bool = True
    add_blank: bool = False
    blank_id: int = 0
    pad_id: int = 0
    bos_id: int | None = None
    eos_id: int | None = None
    use_phonemes: bool = False
    espeak_voice: str = "vi"

    def encode(self, text: str) -> tuple[list[int], list[str]]:
        """The ids, and the characters the voice has no id for (dropped)."""
        text = unicodedata.normalize("NFC", text)
        if self.lowercase:
            text = text.lower()
        text = re.sub(r"\s+", " ", text).strip()
        if self.use_phonemes or self.kind == "piper":
            text = unicodedata.normalize("NFD", phonemes(text, self.espeak_voice))
        ids: list[int] = []
        missing: list[str] = []
        for ch in text:
            found = self.ids.get(ch)
            if found is None:
                if ch not in missing:
                    missing.append(ch)
                continue
            ids.extend(found)
            if self.kind == "piper":
                ids.append(self.pad_id)
        if self.kind == "piper":
            head = [self.bos_id, self.pad_id] if self.bos_id is not None else []
            return [*head, *ids, *([self.eos_id] if self.eos_id is not None else [])], missing
        if self.add_blank:
            spaced = [self.blank_id] * (len(ids) * 2 + 1)
            spaced[1::2] = ids
            ids = spaced
        if self.bos_id is not None and self.eos_id is not None:
            ids = [self.bos_id, *ids, self.eos_id]
        return ids, missing


def coqui_tokenizer(config: dict[str, Any]) -> Tokenizer:
    chars = config.get("characters") or {}
    if not chars.get("characters"):
        raise EngineUnavailable("Cấu hình giọng coqui thiếu bộ ký tự (`characters`).", code="voice_config_invalid")
    vocab = list(chars["characters"])
    if chars.get("is_unique", True):
        vocab = list(dict.fromkeys(vocab))
    if chars.get("is_sorted", True):
        vocab = sorted(vocab)
    specials = [chars.get(k) for k in ("pad", "eos", "bos", "blank")]
    head = [s for s in specials if s]  # coqui prepends blank, bos, eos, pad in that order: pad ends first
    vocab = head + vocab + list(chars.get("punctuations") or "")
    index: dict[str, list[int]] = {}
    for i, ch in enumerate(vocab):
        index.setdefault(ch, [i])
    use_eos_bos = bool(config.get("enable_eos_bos_chars"))
    cleaner = str(config.get("text_cleaner") or "")
    return Tokenizer(
        kind="coqui",
        ids=index,
        lowercase="basic" in cleaner or "multilingual" in cleaner or "english" in cleaner or not cleaner,
        add_blank=bool(config.get("add_blank")),
        blank_id=index[chars["blank"]][0] if chars.get("blank") else len(vocab),
        pad_id=index[chars["pad"]][0] if chars.get("pad") else 0,
        bos_id=index[chars["bos"]][0] if use_eos_bos and chars.get("bos") else None,
        eos_id=index[chars["eos"]][0] if use_eos_bos and chars.get("eos") else None,
        use_phonemes=bool(config.get("use_phonemes")),
        espeak_voice=str(config.get("phoneme_language") or "vi"),
    )


def piper_tokenizer(config: dict[str, Any]) -> Tokenizer:
    id_map: dict[str, list[int]] = {k: list(v) for k, v in config["phoneme_id_map"].items()}
    return Tokenizer(
        kind="piper",
        ids=id_map,
        lowercase=False,
        pad_id=id_map.get("_", [0])[0],
        bos_id=id_map.get("^", [None])[0],
        eos_id=id_map.get("$", [None])[0],
        espeak_voice=str((config.get("espeak") or {}).get("voice") or "vi"),
    )


PRECISIONS = ("fp32", "int8")
_QUANTISED = ("Conv", "MatMul", "Gemm", "ConvTranspose", "Gather", "Attention", "LSTM", "GRU")

_sessions: dict[tuple[str, int, int], Any] = {}
_sessions_lock = threading.Lock()


def quantized_path(model_path: str | Path) -> Path:
    """Where the int8 copy of a voice lives: `voice.onnx` → `voice.int8.onnx` (+ its `.json`)."""
    path = Path(model_path)
    return path.with_name(f"{path.stem}.int8{path.suffix}")


def quantize(model_path: str | Path, output: str | Path | None = None) -> Path:
    """Write an int8 copy of a VITS voice (dynamic quantisation of the weights) beside its config.

    Weights are unsigned (QUInt8): onnxruntime's CPU kernels for quantised convolutions
    (ConvInteger) take uint8 weights only."""
    source = Path(model_path)
    config = Path(f"{source}.json")
    if not source.is_file() or not config.is_file():
        raise EngineUnavailable(
            f"Không tìm thấy giọng đọc: cần cả {source} và {config}.", code="voice_model_missing", path=str(source)
        )
    target = Path(output) if output else quantized_path(source)
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        graph = onnx.load(str(source), load_external_data=False).graph
        constants = {i.name for i in graph.initializer}
        # a weight computed in the graph (coqui exports some convolutions' weights through an
        # Identity) cannot be quantised ahead of time: those nodes stay fp32
        computed = [
            n.name for n in graph.node if n.op_type in _QUANTISED and len(n.input) > 1 and n.input[1] not in constants
        ]
        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # the quantiser warns about every integer tensor it leaves alone
        try:
            quantize_dynamic(str(source), str(target), weight_type=QuantType.QUInt8, nodes_to_exclude=computed)
        finally:
            root.setLevel(level)
    except Exception as exc:  # onnx / onnxruntime raise their own unrelated exception types
        raise EngineUnavailable(
            f"Không lượng tử hoá được giọng đọc {source.name}: {exc}", code="voice_model_invalid"
        ) from exc
    shutil.copyfile(config, f"{target}.json")
    return target


def session_options(threads: int) -> Any:
    """Options for one VITS session: `threads` intra-op threads that sleep instead of spinning when
    idle (the other sentence threads need the cores), every graph optimisation, sequential nodes."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return options


def _session(model_path: Path, threads: int) -> Any:
    """The process's session for this model file (created once; a changed file gets a new one)."""
    key = (str(model_path.resolve()), model_path.stat().st_mtime_ns, threads)
    with _sessions_lock:
        found = _sessions.get(key)
        if found is None:
            import onnxruntime as ort

            try:
                found = ort.InferenceSession(
                    str(model_path), sess_options=session_options(threads), providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime raises its own unrelated exception types
                raise EngineUnavailable(
                    f"Không nạp được giọng đọc {model_path.name}: {exc}", code="voice_model_invalid"
                ) from exc
            _sessions[key] = found
        return found


class VitsEngine:
    name = "vits"

    def __init__(self, model_path: str | Path, *, threads: int = 1, speaker: int = 0, precision: str = "fp32") -> None:
        if precision not in PRECISIONS:
            raise EngineUnavailable(
                f"Độ chính xác “{precision}” không hợp lệ. Chọn một trong: {', '.join(PRECISIONS)}.",
                code="voice_config_invalid",
            )
        self.precision = precision
        self.model_path = Path(model_path)
        config_path = Path(f"{self.model_path}.json")
        if precision == "int8":
            quantized = quantized_path(self.model_path)
            if not quantized.is_file():
                raise EngineUnavailable(
                    f"Chưa có bản int8 của giọng đọc ({quantized}): chạy `ttcs tts-quantize {self.model_path}`.",
                    code="voice_model_missing",
                    path=str(quantized),
                )
            self.model_path = quantized
            config_path = Path(f"{quantized}.json") if Path(f"{quantized}.json").is_file() else config_path
        if not self.model_path.is_file() or not config_path.is_file():
            raise EngineUnavailable(
                f"Không tìm thấy giọng đọc: cần cả {self.model_path} và {config_path}.",
                code="voice_model_missing",
                path=str(self.model_path),
            )
        self.config = json.loads(config_path.read_text(encoding="utf-8"))
        self.piper = "phoneme_id_map" in self.config
        self.tokenizer = piper_tokenizer(self.config) if self.piper else coqui_tokenizer(self.config)
        if self.piper:
            inference = self.config.get("inference") or {}
            self.scales = [inference.get("noise_scale", 0.667), inference.get("length_scale", 1.0)]
            self.scales.append(inference.get("noise_w", 0.8))
            self.rate = int((self.config.get("audio") or {}).get("sample_rate", 22050))
        else:
            args = self.config.get("model_args") or {}
            self.scales = [args.get("inference_noise_scale", 0.667), args.get("length_scale", 1.0)]
            self.scales.append(args.get("inference_noise_scale_dp", 1.0))
            self.rate = int((self.config.get("audio") or {}).get("sample_rate", 22050))
        self.speaker = speaker
        self._threads = threads
        self._session: Any = None
        self.last_dropped: list[str] = []

    @property
    def voice(self) -> Voice:
        meta = self.config.get("ttcs") or {}
        language = meta.get("language") or (self.config.get("language") or {}).get("code") or "vi"
        return Voice(
            id=self.model_path.name,
            engine=self.name,
            language=str(language),
            sample_rate=self.rate,
            license=str(meta.get("license") or self.config.get("license") or "xem tài liệu của giọng đọc"),
            name=str(meta.get("name") or self.config.get("dataset") or self.model_path.stem),
        )

    def _load(self) -> Any:
        if self._session is None:
            self._session = _session(self.model_path, self._threads)
        return self._session

    def synthesize(self, text: str) -> Audio:
        session = self._load()
        ids, missing = self.tokenizer.encode(text)
        self.last_dropped = missing
        if not ids:
            return Audio.silence(0.1, self.rate)
        feeds: dict[str, np.ndarray] = {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array(self.scales, dtype=np.float32),
        }
        names = {i.name for i in session.get_inputs()}
        if "sid" in names:
            feeds["sid"] = np.array([self.speaker], dtype=np.int64)
        if "langid" in names:
            feeds["langid"] = np.array([0], dtype=np.int64)
        try:
            output = session.run(None, feeds)[0]
        except Exception as exc:
            raise EngineUnavailable(f"Giọng đọc {self.model_path.name} lỗi khi đọc: {exc}", code="vits_failed") from exc
        samples = np.asarray(output, dtype=np.float32).reshape(-1)
        peak = float(np.max(np.abs(samples))) if samples.size else 0.0
        if peak > 1.0:  # untrained or hot voices; loudness is set later anyway
            samples = samples / peak
        return Audio.from_float(samples, self.rate)
