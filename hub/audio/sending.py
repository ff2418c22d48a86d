"""Sending an audio file: by the hub itself (the embedded default) or by nginx (production).

Behind nginx the hub only decides whether the caller may have the file, then names it in an
`X-Accel-Redirect` header and nginx sends the bytes from the same content-addressed store, so
thousands of devices fetching an emergency's MP3 at once do not pass through Python. nginx keeps
only some of the hub's headers on such an answer (Content-Type, Cache-Control, Content-Disposition,
Accept-Ranges …); its internal location adds back the ones devices read (ETag, X-Audio-Duration-Ms)
from `$upstream_http_*` — see `deploy/nginx.conf`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from fastapi.responses import FileResponse, Response

from hub.audio.storage import audio_root
from hub.config import Settings


def send_audio(
    settings: Settings,
    path: Path,
    *,
    media_type: str,
    headers: Mapping[str, str],
    filename: str | None = None,
) -> Response:
    """The file at `path` (inside the audio store) with `headers`, sent by the hub or by nginx."""
    location, root = settings.audio_accel_redirect, audio_root(settings).resolve()
    if not location or not path.resolve().is_relative_to(root):  # a file outside the store: ours to send
        return FileResponse(
            path, media_type=media_type, headers=dict(headers), filename=filename, content_disposition_type="inline"
        )
    relative = path.resolve().relative_to(root)
    accel = {**headers, "X-Accel-Redirect": location + quote(relative.as_posix())}
    if filename:
        accel["Content-Disposition"] = f'inline; filename="{quote(filename)}"'
    return Response(status_code=200, media_type=media_type, headers=accel)
