"""Rendering pages: one Jinja environment per hub, with the templates of the web app, the portal and
every plugin that registered a folder, and the filters that turn domain values into Vietnamese."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from hub.accounts.access import scopes_for
from hub.accounts.model import ROLE_LABELS, Principal, Role
from hub.areas.model import LEVEL_LABELS, AreaLevel
from hub.bulletins.categories import CATEGORIES, Category
from hub.bulletins.model import PRIORITY_LABELS, STATUS_LABELS, Priority, Status
from hub.context import Hub
from hub.kit import formats
from hub.kit.time import local
from hub.web import once
from hub.web.extensions import NavEntry, web_of
from hub.web.labels import (
    actor_label,
    audit_action_label,
    audit_entity_label,
    audit_state_label,
    channel_label,
    language_label,
)
from hub.web.session import COOKIE, get_session

_STATUSES = {s.value for s in Status}
WEB_DIR = Path(__file__).parent
PORTAL_DIR = WEB_DIR.parent / "portal"
STATIC_DIRS = {"web": WEB_DIR / "static", "portal": PORTAL_DIR / "static"}


def environment(hub: Hub) -> Environment:
    cache = web_of(hub.registry).cache
    if "env" not in cache:
        cache["env"] = _build(hub)
    return cache["env"]


def _build(hub: Hub) -> Environment:
    dirs = [*web_of(hub.registry).template_dirs, WEB_DIR / "templates", PORTAL_DIR / "templates"]
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        local=formats.moment,
        local_date=formats.day,
        number=formats.number,
        percent=formats.percent,
        duration=formats.duration,
        minutes=formats.minutes,
        datetime_input=_datetime_input,
        status_label=lambda s: STATUS_LABELS[Status(s)] if s in _STATUSES else s,
        priority_label=lambda p: PRIORITY_LABELS[Priority(p)],
        category_label=lambda c: CATEGORIES[Category(c)].label,
        role_label=lambda r: ROLE_LABELS[Role(r)],
        level_label=lambda lv: LEVEL_LABELS[AreaLevel(lv)],
        action_label=lambda action: audit_action_label(hub.registry, action),
        state_label=lambda state, entity_type: audit_state_label(hub.registry, entity_type, state),
        entity_label=lambda entity_id, entity_type: audit_entity_label(hub.registry, entity_type, entity_id),
        channel_label=channel_label,
        actor_label=actor_label,
        language_label=language_label,
    )
    env.globals.update(
        static_url=_static_url, site_name=hub.settings.site_name, portal_snippets=web_of(hub.registry).portal_snippets
    )
    return env


def _datetime_input(value: datetime | None) -> str:
    """The value of an `<input type="datetime-local">`, in Vietnam time."""
    return local(value).strftime("%Y-%m-%dT%H:%M") if value else ""


_versions: dict[str, str] = {}


def _static_url(path: str, package: str = "web") -> str:
    """A static file's URL with a content hash, so browsers may cache it for long."""
    key = f"{package}/{path}"
    if key not in _versions:
        file = STATIC_DIRS[package] / path
        _versions[key] = hashlib.sha256(file.read_bytes()).hexdigest()[:10] if file.is_file() else "0"
    return f"/static/{key}?v={_versions[key]}"


def nav_for(hub: Hub, principal: Principal | None) -> list[NavEntry]:
    if principal is None:
        return []
    entries = [
        e for e in web_of(hub.registry).nav_entries if e.permission is None or scopes_for(principal, e.permission)
    ]
    return sorted(entries, key=lambda e: (e.order, e.label))


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    hub: Hub = request.app.state.hub
    official: Principal | None = getattr(request.state, "official", None)
    known = getattr(request.state, "web_session", None) is not None or COOKIE in request.cookies
    values: dict[str, Any] = {
        "request": request,
        "official": official,
        "csrf_token": lambda: get_session(request).csrf,  # only pages with a form start a session
        "form_once": once.new_token,
        "flashes": get_session(request).pop_flashes() if known else [],
        "nav": nav_for(hub, official),
        "current": "",
        "title": "",
    }
    values.update(context or {})
    html = environment(hub).get_template(template).render(values)
    return HTMLResponse(html, status_code=status, headers=headers)


def render_fragment(request: Request, template: str, context: dict[str, Any]) -> str:
    """A template as text (a dashboard card, a panel), with the same environment."""
    hub: Hub = request.app.state.hub
    return environment(hub).get_template(template).render({"request": request, **context})
