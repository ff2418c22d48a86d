"""What happens to an official's access: a session ended, the account or its roles changed."""

from __future__ import annotations

from dataclasses import dataclass

from hub.kit.events import DomainEvent


@dataclass(frozen=True)
class AccessChanged(DomainEvent):
    """What the tokens of this official stand for changed (signed out of a session, disabled or
    enabled, a role granted or removed, the password changed): a principal remembered for a token
    (`hub.accounts.principals`) must be resolved again."""

    user_id: int
    reason: str
