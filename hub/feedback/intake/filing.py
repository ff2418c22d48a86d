"""Intake: the one way a feedback becomes a case, whatever the channel.

Chat, the hotline, the web page and Open311 all call `file_case`. It validates what the citizen
sent (with messages they can act on), places the case (area, commune, responsible unit, deadline),
suggests its classification, gives it its code, and writes it with its timeline and duplicate
index. The code comes from a per-year counter row locked until commit, so codes are unique and
gapless whatever the number of processes; everything slow (notices to officials) happens in jobs
after commit, so the lock is held for a few statements. The caller commits and only then tells
the citizen the code: a case is stored before its code is known.

A repeat of the same feedback from the same citizen within the rate window (a double tap, a
retry after a lost connection) returns the case already filed instead of a second one.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from hub.areas.model import Area
from hub.contacts.model import CHANNEL_LABELS, Contact
from hub.db.uow import UnitOfWork
from hub.feedback.config import FeedbackConfig
from hub.feedback.deadlines import holidays
from hub.feedback.events import FeedbackReceived
from hub.feedback.intake.attachments import AttachmentStore, Upload, check_image, check_url
from hub.feedback.model import Attachment, Case, CaseEvent, Classification, format_code
from hub.feedback.routing import units
from hub.feedback.text import classify, normalise, terms
from hub.kit.errors import InvalidInput, TooManyRequests
from hub.kit.time import local, utcnow

CITIZEN = "citizen"
TRANSCRIPT_MAX = 20_000


@dataclass(frozen=True)
class Filed:
    case: Case
    created: bool  # False when this was a repeat of a case the citizen had just filed


def file_case(
    uow: UnitOfWork,
    config: FeedbackConfig,
    contact: Contact,
    text: str,
    *,
    area_code: str | None = None,
    category: str | None = None,
    audio_ref: str | None = None,
    transcript: str = "",
    incomplete: bool = False,
    images: Sequence[Upload] = (),
    image_location: bool = False,
    media_urls: Sequence[str] = (),
    kept_images: Sequence[str] = (),
    store: AttachmentStore | None = None,
    lat: float | None = None,
    lon: float | None = None,
    address: str = "",
    source: str = "",
    client_ref: str | None = None,
    now: datetime | None = None,
) -> Filed:
    now = now or utcnow()
    text = unicodedata.normalize("NFC", text or "").strip()
    transcript = unicodedata.normalize("NFC", transcript or "").strip()
    audio_ref = (audio_ref or "").strip() or None
    _check_text(config, text, transcript, audio_ref, with_photo=bool(images or media_urls))
    kind = config.categories.get(category)
    if not kind.anonymous and not (contact.display_name and contact.phone_number):
        raise InvalidInput(
            f"Phản ánh về “{kind.label}” cần có họ tên và số điện thoại của người gửi (và sự đồng ý lưu "
            "các thông tin này). Vui lòng bổ sung rồi gửi lại.",
            code="identity_required",
            field="name",
        )
    area = _area(uow, contact, area_code)
    searchable = normalise(f"{text} {transcript}")
    text_hash = hashlib.sha1(f"{searchable}|{audio_ref or ''}".encode()).hexdigest()[:32]
    if contact.id is not None and not contact.fresh:
        repeat = _repeat_or_limit(uow, config, contact, text_hash, client_ref, now)
        if repeat is not None:
            return Filed(repeat, created=False)
    if source and uow.cases.count_from_source(source, now - config.rate_window) >= config.rate_per_source:
        raise _too_many(config, "từ địa chỉ này")
    attachments = _attachments(config, images, media_urls, store, now, keep_location=image_location)
    attachments += _kept(config, kept_images, store, now, len(attachments))

    suggestion = classify(searchable)
    suggested = Classification.COMPLAINT if suggestion.complaint else Classification.FEEDBACK
    placement = units.place(uow, area, kind.code)
    channel_label = CHANNEL_LABELS.get(contact.channel, contact.channel)
    events = [
        CaseEvent(
            at=now,
            actor=CITIZEN,
            channel=contact.channel,
            action="receive",
            to_status="received",
            public=True,
            note=f"Tiếp nhận qua {channel_label}. Đơn vị xử lý: {placement.unit.name}.",
        )
    ]
    if suggestion.complaint:
        events.append(
            CaseEvent(
                at=now,
                actor="system",
                channel="system",
                action="suggest",
                note="Gợi ý phân loại: khiếu nại, tố cáo (từ ngữ: " + ", ".join(suggestion.matched) + "). "
                "Cán bộ cần xác nhận.",
            )
        )
    due_at = holidays.deadline(uow, config, now, kind.days)
    contact.seen(now)
    if contact.area_id is None and placement.scope.parent_id is not None:
        contact.area_id = placement.scope.id
    uow.session.flush()
    # The number of the year, under a row lock held until the caller commits: taken once everything
    # was checked, so that a refused feedback never burns a number, and once everything else was read
    # and written, so that the lock every intake waits for covers the case's own inserts only.
    year = local(now).year
    seq = uow.cases.allocate(year)
    case = Case(
        code=format_code(year, seq),
        year=year,
        seq=seq,
        channel=contact.channel,
        contact_id=contact.id,
        text=text,
        transcript=transcript,
        audio_ref=audio_ref,
        incomplete=incomplete,
        category=kind.code,
        classification=suggested,
        suggested_classification=suggested,
        area_id=area.id,
        area_path=area.path,
        scope_area_id=placement.scope.id,
        unit_area_id=placement.unit.area.id,
        unit_path=placement.unit.area.path,
        unit_name=placement.unit.name,
        origin_path=placement.unit.area.path,
        received_at=now,
        due_at=due_at,
        updated_at=now,
        access_key=secrets.token_urlsafe(12),
        lat=lat,
        lon=lon,
        address=(address or "").strip()[:300],
        intake_source=source[:64],
        client_ref=(client_ref or None) and client_ref[:128],
        text_hash=text_hash,
        search_text=searchable,
        events=events,
        attachments=attachments,
    )
    uow.cases.insert_new(case)
    uow.cases.index_terms(case.id, case.scope_area_id, terms(searchable))
    uow.emit(FeedbackReceived(case_id=case.id, code=case.code or ""))
    return Filed(case, created=True)


def has_words(text: str) -> bool:
    """Whether a text says something in words: a letter or a digit, not only emoji or punctuation."""
    return any(ch.isalnum() for ch in text)


def _check_text(
    config: FeedbackConfig, text: str, transcript: str, audio_ref: str | None, *, with_photo: bool = False
) -> None:
    if text and not has_words(text) and not audio_ref and not with_photo:
        raise InvalidInput(
            "Nội dung phản ánh cần có chữ: chỉ biểu tượng cảm xúc hay dấu câu thì cán bộ chưa hiểu được. "
            "Hãy viết vài từ cho biết việc gì đang xảy ra và ở đâu (hoặc gửi kèm ảnh).",
            code="text_without_words",
            field="text",
        )
    if not text and not audio_ref and not with_photo:
        raise InvalidInput(
            "Nội dung phản ánh không được để trống. Hãy cho biết việc gì đang xảy ra và ở đâu.",
            code="text_required",
            field="text",
        )
    if len(text) > config.max_text:
        raise InvalidInput(
            f"Nội dung phản ánh dài quá {config.max_text} ký tự (bạn đã gửi {len(text)}). "
            "Vui lòng viết ngắn gọn hơn hoặc chia thành nhiều phản ánh.",
            code="text_too_long",
            field="text",
            max_length=config.max_text,
        )
    if len(transcript) > TRANSCRIPT_MAX:
        raise InvalidInput("Bản chép lời quá dài.", code="transcript_too_long", field="transcript")
    if audio_ref is not None and len(audio_ref) > 500:
        raise InvalidInput("Đường dẫn bản ghi âm quá dài.", code="audio_ref_too_long", field="audio_ref")


def _area(uow: UnitOfWork, contact: Contact, area_code: str | None) -> Area:
    """The smallest area known: the one named, else the one the citizen gave before, else the province."""
    if area_code:
        area = uow.areas.get_by_code(area_code.strip())
        if area is None:
            raise InvalidInput(
                f"Không tìm thấy xã, phường hoặc thôn có mã “{area_code}”. Vui lòng chọn lại địa bàn.",
                code="unknown_area",
                field="area_code",
                unknown=[area_code],
            )
        return area
    if contact.area_id is not None:
        remembered = uow.areas.get(contact.area_id)
        if remembered is not None:
            return remembered
    root = uow.areas.root()
    if root is None:
        raise InvalidInput("Chưa có dữ liệu địa bàn.", code="no_areas")
    return root


def _repeat_or_limit(
    uow: UnitOfWork,
    config: FeedbackConfig,
    contact: Contact,
    text_hash: str,
    client_ref: str | None,
    now: datetime,
) -> Case | None:
    recent = uow.cases.recent_from_contact(contact.id, now - config.rate_window)
    for case_id, _code, seen_hash, seen_ref in recent:
        if (client_ref and seen_ref == client_ref) or seen_hash == text_hash:
            return uow.cases.get(case_id)
    if len(recent) >= config.rate_per_sender:
        raise _too_many(config, "của bạn")
    return None


def _too_many(config: FeedbackConfig, whose: str) -> TooManyRequests:
    minutes = max(1, int(config.rate_window.total_seconds() // 60))
    return TooManyRequests(
        f"Đã nhận quá nhiều phản ánh {whose} trong {minutes} phút. Các phản ánh đã gửi vẫn được giữ và "
        f"xử lý; vui lòng đợi {minutes} phút rồi gửi tiếp.",
        code="feedback_rate_limited",
        retry_after=minutes * 60,
    )


def _kept(
    config: FeedbackConfig, refs: Sequence[str], store: AttachmentStore | None, now: datetime, already: int
) -> list[Attachment]:
    """Photos checked and stored already (sent by chat: `bot.channels.media`), by their reference."""
    if not refs:
        return []
    if already + len(refs) > config.max_attachments:
        raise InvalidInput(f"Mỗi phản ánh gửi kèm tối đa {config.max_attachments} ảnh.", code="too_many_attachments")
    if store is None:
        raise RuntimeError("an attachment store is needed to keep images")
    out = []
    for ref in refs:
        media_type, size, kept, digest = store.describe(ref)
        out.append(Attachment("image", media_type, size, kept, now, sha256=digest))
    return out


def _attachments(
    config: FeedbackConfig,
    images: Sequence[Upload],
    media_urls: Sequence[str],
    store: AttachmentStore | None,
    now: datetime,
    *,
    keep_location: bool = False,
) -> list[Attachment]:
    """Images are checked (all before any is kept) and rewritten without EXIF; their GPS position
    stays only when the citizen agreed to share it (`image_location`)."""
    if len(images) + len(media_urls) > config.max_attachments:
        raise InvalidInput(f"Mỗi phản ánh gửi kèm tối đa {config.max_attachments} ảnh.", code="too_many_attachments")
    checked = [check_image(upload, config.max_image_bytes, keep_location=keep_location) for upload in images]
    out = []
    for image in checked:
        if store is None:
            raise RuntimeError("an attachment store is needed to keep images")
        ref, digest = store.save(image)
        out.append(Attachment("image", image.media_type, len(image.data), ref, now, sha256=digest))
    for url in media_urls:
        out.append(Attachment("link", "", 0, check_url(url), now))
    return out
