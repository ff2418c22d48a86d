"""The unit of work: the one transaction boundary of a request, a job or a command.

It rolls back unless the wrapper (the request dependency, the job runner, the CLI) commits.
Services never commit. Domain events emitted during the work (`uow.emit(BulletinPublished(...))`)
are dispatched at commit (`hub.db.events.Dispatch`): first the handlers that write in the same
transaction (they may emit more), then the jobs they cause are written (an outbox: a job exists
exactly when the change that caused it was committed), then the commit, then the handlers that
run after it in this process.

Repositories of the hub's domains are attributes; a plugin builds its own on `uow.session`.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from hub.accounts.repository import LoginAttemptRepository, UserRepository
from hub.areas.repository import AreaRepository
from hub.audit.repository import AuditRepository
from hub.bulletins.repository import BulletinRepository
from hub.contacts.repository import ContactRepository
from hub.db.events import Dispatch
from hub.feedback.repository import CaseRepository
from hub.jobs.model import NORMAL, URGENT
from hub.jobs.repository import JobRepository
from hub.kit.events import DomainEvent
from hub.kit.time import utcnow
from hub.messaging.repository import MessageRepository
from hub.subscriptions.repository import SubscriptionRepository


class UnitOfWork:
    areas: AreaRepository
    users: UserRepository
    logins: LoginAttemptRepository
    bulletins: BulletinRepository
    audit: AuditRepository
    jobs: JobRepository
    contacts: ContactRepository
    messages: MessageRepository
    cases: CaseRepository
    subscriptions: SubscriptionRepository

    def __init__(self, session_factory: sessionmaker[Session], dispatch: Dispatch) -> None:
        self._session_factory = session_factory
        self._dispatch = dispatch
        self._events: list[DomainEvent] = []
        self._session: Session | None = None

    def __enter__(self) -> UnitOfWork:
        session = self._session = self._session_factory()
        self.areas = AreaRepository(session)
        self.users = UserRepository(session)
        self.logins = LoginAttemptRepository(session)
        self.bulletins = BulletinRepository(session)
        self.audit = AuditRepository(session)
        self.jobs = JobRepository(session)
        self.contacts = ContactRepository(session)
        self.messages = MessageRepository(session)
        self.cases = CaseRepository(session)
        self.subscriptions = SubscriptionRepository(session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self.session, None
        self._events.clear()
        # close() rolls back whatever was not committed and detaches the objects without expiring
        # them, so results stay readable after the block (rollback() would expire them).
        session.close()

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its `with` block")
        return self._session

    def emit(self, event: DomainEvent) -> None:
        """Say what happened; the handlers run when (and only if) the work commits."""
        self._events.append(event)

    def commit(self) -> None:
        settled: list[DomainEvent] = []
        while self._events:  # handlers in the transaction may emit further events
            event = self._events.pop(0)
            self._dispatch.before_commit(self, event)
            settled.append(event)
        now = utcnow()
        for event in settled:
            for kind in self._dispatch.job_kinds(event):
                self.jobs.enqueue(kind, event.payload(), now=now, priority=URGENT if event.urgent else NORMAL)
        self.session.commit()
        self._dispatch.committed(settled)

    def rollback(self) -> None:
        self._events.clear()
        self.session.rollback()
