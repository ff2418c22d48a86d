"""Reading and writing NLU training data in Rasa 3.x YAML format.

Only what the project uses is read: `intent` examples with entity annotations
(`[text](entity)` and `[text]{"entity": "…", "value": "…"}`), `synonym`, `lookup` and `regex`.
The same files train the embedded engine and a real Rasa server, so anything written here must
stay valid Rasa.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
HELDOUT_DIR = PACKAGE_DIR / "heldout"
CONFIG_PATH = PACKAGE_DIR / "config.yml"
AREAS_FILE = "areas.yml"

# [text](entity) or [text]{"entity": ..., "value": ...}
_ANNOTATION_RE = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<entity>[^)]+)\)|(?P<json>\{[^}]*\}))")


class TrainingDataError(ValueError):
    """A training file is not valid Rasa NLU data; the message names the file and the example."""


@dataclass(frozen=True)
class Entity:
    entity: str
    start: int
    end: int
    text: str
    value: str


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: tuple[Entity, ...] = ()


@dataclass
class TrainingData:
    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, str] = field(default_factory=dict)  # lower-cased text → value
    lookups: dict[str, list[str]] = field(default_factory=dict)
    regexes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.examples})

    def merge(self, other: TrainingData) -> None:
        self.examples += other.examples
        self.synonyms.update(other.synonyms)
        for name, items in other.lookups.items():
            self.lookups.setdefault(name, []).extend(items)
        for name, items in other.regexes.items():
            self.regexes.setdefault(name, []).extend(items)


def parse_example(line: str, intent: str, synonyms: dict[str, str] | None = None) -> Example:
    """One annotated example → its plain text and entities (values mapped through synonyms)."""
    plain: list[str] = []
    entities: list[Entity] = []
    pos = 0
    length = 0
    for match in _ANNOTATION_RE.finditer(line):
        plain.append(line[pos : match.start()])
        length += match.start() - pos
        surface = match.group("text")
        if match.group("json"):
            try:
                spec = json.loads(match.group("json"))
            except json.JSONDecodeError as exc:
                raise TrainingDataError(f"bad entity annotation in {line!r}: {exc}") from exc
            name, value = str(spec["entity"]), str(spec.get("value", surface))
        else:
            name, value = match.group("entity").strip(), surface
        if synonyms and value == surface:
            value = synonyms.get(surface.lower(), value)
        entities.append(Entity(name, length, length + len(surface), surface, value))
        plain.append(surface)
        length += len(surface)
        pos = match.end()
    plain.append(line[pos:])
    return Example("".join(plain), intent, tuple(entities))


def _items(block: object, source: Path) -> list[str]:
    if not isinstance(block, str):
        raise TrainingDataError(f"{source}: `examples` must be a block of '- ' lines")
    items = []
    for raw in block.splitlines():
        raw = raw.strip()
        if not raw:
            continue
        if not raw.startswith("- "):
            raise TrainingDataError(f"{source}: example line must start with '- ': {raw!r}")
        items.append(raw[2:].strip())
    return items


def read_file(path: Path) -> tuple[TrainingData, list[tuple[str, str]]]:
    """A file's data, with intent examples still raw (synonyms may come from other files)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    data = TrainingData()
    raw: list[tuple[str, str]] = []
    for item in doc.get("nlu", []) or []:
        if "intent" in item:
            raw += [(str(item["intent"]), line) for line in _items(item.get("examples"), path)]
        elif "synonym" in item:
            for line in _items(item.get("examples"), path):
                data.synonyms[line.lower()] = str(item["synonym"])
        elif "lookup" in item:
            data.lookups.setdefault(str(item["lookup"]), []).extend(_items(item.get("examples"), path))
        elif "regex" in item:
            data.regexes.setdefault(str(item["regex"]), []).extend(_items(item.get("examples"), path))
    return data, raw


def load(paths: Iterable[Path], *, synonyms_from: Iterable[Path] = ()) -> TrainingData:
    """Training data from YAML files or directories (read recursively, in name order).

    `synonyms_from` adds synonyms (and lookups) used to resolve entity values, e.g. the training
    directory's synonyms when reading the held-out split.
    """
    files = _files(paths)
    data = TrainingData()
    raw: list[tuple[str, str]] = []
    for path in files:
        part, part_raw = read_file(path)
        data.merge(part)
        raw += part_raw
    synonyms = dict(data.synonyms)
    for path in _files(synonyms_from):
        synonyms.update(read_file(path)[0].synonyms)
    data.examples = [parse_example(line, intent, synonyms) for intent, line in raw]
    return data


def _files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.yml") if p.is_file())
        elif path.exists():
            files.append(path)
        else:
            raise TrainingDataError(f"{path}: no such file or directory")
    return files


def load_training() -> TrainingData:
    """The shipped training split (`nlu/data`)."""
    return load([DATA_DIR])


def load_heldout() -> TrainingData:
    """The held-out split (`nlu/heldout`), never trained on; entity values resolved with the
    training synonyms."""
    return load([HELDOUT_DIR], synonyms_from=[DATA_DIR])


def dump_nlu(items: list[dict[str, Any]]) -> str:
    """Rasa NLU YAML with `examples` as literal blocks, as Rasa writes it."""
    lines = ['version: "3.1"', "", "nlu:"]
    for item in items:
        examples = item.pop("examples")
        (key, value), *_ = item.items()
        lines.append(f"- {key}: {_scalar(str(value))}")
        lines.append("  examples: |")
        lines += [f"    - {example}" for example in examples]
        lines.append("")
    return "\n".join(lines)


def _scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False) if not re.fullmatch(r"[\w-]+", value) or value.isdigit() else value
