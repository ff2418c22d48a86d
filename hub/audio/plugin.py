from pathlib import Path

from hub.accounts.model import Permission
from hub.audio import jobs, listen_pages, listening, pages, renderer, tables
from hub.audio.endpoints import RECORDING_PATH, UPLOAD_CEILING, router
from hub.audio.events import RecordingUploaded
from hub.bulletins.events import BulletinApproved, BulletinRevised, BulletinSubmitted
from hub.plugins import Registry
from hub.web.extensions import BulletinPanel, NavEntry, web_of
from voice.settings import VoiceSettings


def register(registry: Registry) -> None:
    registry.audit_labels(
        {
            "audio.lexicon.put": "sửa từ điển cách đọc",
            "audio.lexicon.remove": "xóa khỏi từ điển cách đọc",
            "audio.recording_upload": "tải lên bản ghi âm",
            "audio.languages.set": "chọn ngôn ngữ phát trên loa",
        },
    )
    registry.tables(tables.map_tables)
    registry.settings(VoiceSettings)  # declared by `voice`, read by the rendering and the hotline
    registry.router(router)
    registry.job("audio.render", jobs.render_bulletin)
    # Render when a bulletin is submitted (approvers can listen), approved (any edit since is
    # rendered; unchanged text is a cache hit) or revised, and when a recording arrives.
    for event in (BulletinSubmitted, BulletinApproved, BulletinRevised, RecordingUploaded):
        registry.listen(event, "audio.render")
    registry.body_limit(RECORDING_PATH, UPLOAD_CEILING)
    registry.on_startup(renderer.check)
    # The officials' pronunciation lexicon page.
    registry.router(pages.router)
    web_of(registry).templates(Path(__file__).parent / "templates")
    web_of(registry).nav(NavEntry("Từ điển cách đọc", pages.PATH, Permission.READ, order=65, key="lexicon"))
    # Languages on the loudspeakers, "Nghe thử", each bulletin's languages, the portal's players.
    registry.service(listening.RUNS, listening.PreviewRuns)
    for router_ in (listen_pages.listen_router, listen_pages.audio_router, listen_pages.languages_router):
        registry.router(router_)
    registry.router(listen_pages.static_router())
    registry.body_limit(listen_pages.AUDIO, UPLOAD_CEILING)
    web = web_of(registry)
    web.nav(NavEntry("Ngôn ngữ phát", listen_pages.LANGUAGES, Permission.READ, order=66, key="languages"))
    web.bulletin_panel(BulletinPanel("audio", "Âm thanh và ngôn ngữ", "audio/panel.html", listen_pages.panel, order=20))
    web.card(listen_pages.CARD)
    web.portal_media(listen_pages.portal_media)
