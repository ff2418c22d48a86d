"""The officials' web app (`/quan-tri/`): server-rendered pages (Jinja2 + htmx) over the service layer.

Pages are made with `hub.web.routing.page_router`, which gives them the session, CSRF checks, the
sign-in redirect (keeping a posted form) and HTML error pages. Plugins add pages, menu entries and
dashboard cards through `hub.web.extensions.web_of(registry)` (see `hub.web.extensions`).
"""
