"""Where audio files live, behind a small interface: local disk under `{var_dir}/audio` now; an
S3-compatible store can implement the same four methods for several hub processes.

Keys are content addresses ("renders/ab/abcd….mp3.mp3"), so writing one twice is harmless and two
workers racing on the same rendering store the same bytes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Protocol

from hub.config import Settings


class Storage(Protocol):
    def put_file(self, key: str, source: Path) -> None: ...

    def exists(self, key: str) -> bool: ...

    def local_path(self, key: str) -> Path:
        """A readable local file for `key` (a remote store would cache it first)."""
        ...

    def delete(self, key: str) -> None: ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"storage key escapes the store: {key!r}")
        return path

    def put_file(self, key: str, source: Path) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        os.close(fd)
        shutil.copyfile(source, temp)
        os.replace(temp, target)  # atomic: a reader sees the old file or the new one, never half

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def local_path(self, key: str) -> Path:
        return self._path(key)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def audio_root(settings: Settings) -> Path:
    """The folder of the local store (nginx serves it directly in production: `hub.audio.sending`)."""
    return settings.var_dir / "audio"


def storage_for(settings: Settings) -> Storage:
    return LocalStorage(audio_root(settings))
