"""A form posted after the official's session ended, kept (signed) through the sign-in page so that
nothing typed is lost. After sign-in it is shown for confirmation and sent again with a fresh CSRF
token: it is never replayed on its own, so a forged post cannot ride on a sign-in."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "ttcs.web.resume"
MAX_AGE = 24 * 3600
PREFIX = "/quan-tri/"


@dataclass(frozen=True)
class Kept:
    path: str
    fields: list[tuple[str, str]]

    def value(self, name: str) -> str:
        return next((v for k, v in self.fields if k == name), "")


def dump(key: str, path: str, fields: list[tuple[str, str]]) -> str:
    return URLSafeTimedSerializer(key, salt=SALT).dumps({"p": path, "f": fields})


def load(key: str, blob: str) -> Kept | None:
    """The kept form, or None when the blob is missing, forged, too old or aimed outside the app."""
    if not blob:
        return None
    try:
        data = URLSafeTimedSerializer(key, salt=SALT).loads(blob, max_age=MAX_AGE)
        path = str(data["p"])
        fields = [(str(k), str(v)) for k, v in data["f"]]
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    if not path.startswith(PREFIX) or "//" in path:
        return None
    return Kept(path, fields)
