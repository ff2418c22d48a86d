"""compose pages."""

from hub.web.routing import page_router

router = page_router("/quan-tri")
