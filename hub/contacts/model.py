"""Citizens as the hub knows them: one identity per channel.

A citizen is not an official and has no account. On each channel they have an identity the channel
gives us (a Zalo user id, a Telegram chat id, a browser's random id on the web, the caller's number
on the hotline). Their name and phone number are kept only when they agreed (`consent_personal`);
the commune they live in is remembered so they are asked only once. After the retention period
the personal fields are erased and the identity is replaced by a placeholder (`anonymise`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.kit.errors import InvalidInput
from hub.kit.ids import ASSIGNED_ON_FLUSH

SEEN_PRECISION = timedelta(minutes=1)  # how exactly a contact's last_seen_at is kept

CHANNEL_LABELS = {
    "web": "Trang web",
    "zalo": "Zalo",
    "telegram": "Telegram",
    "ivr": "Đường dây nóng",
    "sms": "Tin nhắn SMS",
    "open311": "Ứng dụng Open311",
    "office": "Trực tiếp tại cơ quan",
    "zns": "Zalo ZNS (tin theo mẫu tới số điện thoại)",
}

# On these channels the identity is the phone number itself: it is masked and erased like one.
PHONE_CHANNELS = frozenset({"ivr", "sms"})

CHANNEL_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
NAME_MAX = 200
ID_MAX = 128
_PHONE_RE = re.compile(r"^\+?\d{8,15}$")


def check_channel(channel: str) -> str:
    if not CHANNEL_RE.match(channel or ""):
        raise InvalidInput(f"Kênh “{channel}” không hợp lệ.", code="channel_invalid", field="channel")
    return channel


def normalise_phone(raw: str | None) -> str | None:
    """A Vietnamese number in its domestic form ("+84 905-123-456" → "0905123456"); None if empty."""
    if raw is None or not raw.strip():
        return None
    phone = re.sub(r"[\s.()-]", "", raw)
    if not _PHONE_RE.match(phone):
        raise InvalidInput("Số điện thoại không hợp lệ (ví dụ 0905123456).", code="phone_invalid", field="phone")
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) == 11:
        phone = "0" + phone[2:]
    return phone


def mask_phone(phone: str | None) -> str | None:
    """ "0905123456" → "0905***456": enough to recognise a number, not to call it."""
    if not phone:
        return phone
    if len(phone) <= 6:
        return "*" * len(phone)
    return phone[:4] + "*" * (len(phone) - 7) + phone[-3:]


@dataclass(eq=False)
class Contact:
    channel: str
    channel_user_id: str
    created_at: datetime
    last_seen_at: datetime
    display_name: str = ""
    phone: str | None = None
    email: str | None = None
    area_id: int | None = None
    consent_personal: bool = False
    consent_notify: bool = False
    consent_at: datetime | None = None
    anonymised_at: datetime | None = None
    id: int = ASSIGNED_ON_FLUSH
    # Not stored: True when this transaction created the contact (it has no history to look up).
    fresh: bool = False

    @classmethod
    def new(cls, channel: str, channel_user_id: str, now: datetime) -> Contact:
        check_channel(channel)
        channel_user_id = (channel_user_id or "").strip()
        if not channel_user_id or len(channel_user_id) > ID_MAX:
            raise InvalidInput("Định danh người gửi không hợp lệ.", code="sender_invalid", field="sender")
        if channel in PHONE_CHANNELS:
            channel_user_id = normalise_phone(channel_user_id) or channel_user_id
        return cls(channel=channel, channel_user_id=channel_user_id, created_at=now, last_seen_at=now)

    @property
    def phone_number(self) -> str | None:
        """Where an SMS can reach the citizen: the number they gave, or the one they called from."""
        if self.anonymised_at is not None:
            return None
        if self.phone:
            return self.phone
        return self.channel_user_id if self.channel in PHONE_CHANNELS else None

    @property
    def identifies_by_phone(self) -> bool:
        return self.channel in PHONE_CHANNELS

    def seen(self, now: datetime) -> None:
        """Seen now, to the minute: a citizen's messages within a minute write their contact once,
        not once a message (what reads it, the retention of personal data, counts in days)."""
        if not timedelta(0) <= now - self.last_seen_at < SEEN_PRECISION:
            self.last_seen_at = now

    def consent(
        self,
        now: datetime,
        *,
        name: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        notify: bool | None = None,
    ) -> None:
        """The citizen agreed that their name and contact be kept to handle their feedback."""
        name = (name or "").strip()
        if len(name) > NAME_MAX:
            raise InvalidInput(f"Họ tên dài quá {NAME_MAX} ký tự.", code="name_too_long", field="name")
        self.consent_personal = True
        self.consent_at = now
        if name:
            self.display_name = name
        number = normalise_phone(phone)
        if number:
            self.phone = number
        if email and email.strip():
            self.email = email.strip()[:200]
        if notify is not None:
            self.consent_notify = notify

    def withdraw_consent(self) -> None:
        """No more name or phone: what was kept is erased at once."""
        self.consent_personal = False
        self.consent_notify = False
        self.display_name = ""
        self.phone = None
        self.email = None

    def anonymise(self, now: datetime) -> None:
        """Erase everything that identifies the citizen; the row stays so that counts stay right."""
        self.withdraw_consent()
        self.channel_user_id = f"anon-{self.id}"
        self.anonymised_at = now
