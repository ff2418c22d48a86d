"""Open311 GeoReport v2 documents in JSON and XML (the specification requires XML; clients mostly
use JSON). Errors are Open311's own list of `{code, description}`, not problem+json."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree

from fastapi.responses import JSONResponse, Response

from hub.kit.errors import HubError, TooManyRequests

FORMATS = ("json", "xml")
XML_MEDIA_TYPE = "text/xml; charset=utf-8"

# Open311 status codes for our errors: bad input is 400 in GeoReport, not 422.
_STATUS = {422: 400}


def _element(name: str, value: Any) -> ElementTree.Element:
    node = ElementTree.Element(name)
    if isinstance(value, Mapping):
        for key, child in value.items():
            node.append(_element(key, child))
    elif isinstance(value, list | tuple):
        singular = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}
        for child in value:
            node.append(_element(singular.get(name, "item"), child))
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)
    return node


def xml_document(root: str, item: str | None, body: Any) -> bytes:
    """`<root><item>…</item>…</root>` for a list, or `<root>…</root>` for one mapping."""
    node = ElementTree.Element(root)
    if item is None:
        for key, child in body.items():
            node.append(_element(key, child))
    else:
        for entry in body:
            node.append(_element(item, entry))
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(node, encoding="utf-8")


def render(fmt: str, body: Any, *, root: str, item: str | None, status: int = 200) -> Response:
    if fmt == "xml":
        return Response(xml_document(root, item, body), status_code=status, media_type=XML_MEDIA_TYPE)
    return JSONResponse(body, status_code=status)


def error(fmt: str, status: int, description: str, headers: dict[str, str] | None = None) -> Response:
    errors: Sequence[dict[str, Any]] = [{"code": status, "description": description}]
    response = render(fmt if fmt in FORMATS else "json", list(errors), root="errors", item="error", status=status)
    response.headers.update(headers or {})
    return response


def from_hub_error(fmt: str, exc: HubError) -> Response:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else {}
    return error(fmt, _STATUS.get(exc.status, exc.status), exc.detail, headers)
