"""The SIP transport: pyVoIP 1.6.8 for registration and call signalling, our media engine for audio.

Every pyVoIP quirk we know of is handled here and nowhere else:

- It registers only on its own timer and ignores the expiry the registrar grants: the interval is
  ours (`register_seconds`), so a restarted registrar learns the binding again within it.
- After three failed registrations it stops for good and hangs up every call: the threshold is
  lifted, and a failing registration is retried with a growing pause instead (its own retry is
  immediate, a tight loop against a registrar that refuses the password).
- It answers 200 to a CANCEL but still answers the call a second later: a CANCEL gets 200, the
  INVITE 487, and the call is never answered.
- It silently drops a message with an empty header line (e.g. `Supported:`), and ignores OPTIONS:
  empty header lines are removed before parsing, and OPTIONS get 200 (PBXs probe with them).
- Its RTP uses two sleeping threads per call, drifts, reports DTMF only from packets with the marker
  bit and encodes A-law as μ-law: its RTP clients are replaced before answering by `_Media`, a
  stream of our `MediaEngine` (one thread, absolute schedule, RFC 4733 events by timestamp).
- Its `myIP` goes into Via, Contact and SDP: it must be an address callers reach, not 0.0.0.0.

Things it does that the SIP server must tolerate (deploy/kamailio/kamailio.cfg shows how): its BYE
copies the INVITE's Via and has no Route, and its 180/200 carry no Record-Route.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyVoIP
import pyVoIP.VoIP  # first: pyVoIP's own modules only import cleanly in this order
from pyVoIP import SIP
from pyVoIP.RTP import PayloadType
from pyVoIP.VoIP import CallState, InvalidStateError, VoIPCall, VoIPPhone
from pyVoIP.VoIP.status import PhoneStatus

from voice.ivr import rtp
from voice.ivr.media import MediaEngine, RtpStream
from voice.ivr.transport import CallLeg, HungUp, KeyPressed, Played, Sink

log = logging.getLogger(__name__)

pyVoIP.REGISTER_FAILURE_THRESHOLD = 1_000_000  # never give up (and never hang up the calls): we back off instead


@dataclass(frozen=True)
class SipConfig:
    server: str
    port: int
    user: str
    password: str
    local_ip: str
    local_port: int
    rtp_ports: tuple[int, int]
    register_seconds: int = 60
    register_timeout: float = 3.0
    max_calls: int = 60


class _Media:
    """Stands in for pyVoIP's RTPClient inside a VoIPCall: pyVoIP calls start(), reads inPort and
    assoc for its SDP answer, and calls stop() on hang-up."""

    def __init__(self, engine: MediaEngine, assoc: dict[int, Any], in_port: int, out_ip: str, out_port: int) -> None:
        audio = [pt for pt, kind in assoc.items() if kind in (PayloadType.PCMU, PayloadType.PCMA)]
        events = [pt for pt, kind in assoc.items() if kind == PayloadType.EVENT]
        self.payload_type = audio[0] if audio else None
        self.event_type = events[0] if events else None
        self.assoc = {pt: assoc[pt] for pt in (self.payload_type, self.event_type) if pt is not None}
        self.engine = engine
        self.inPort = in_port
        self.outIP = out_ip
        self.outPort = out_port
        self.stream: RtpStream | None = None
        self.on_stop: Callable[[], None] | None = None
        self._stopped = False

    def start(self) -> None:
        if self.stream is not None:  # a re-INVITE (or a retransmitted INVITE) starts us again
            self.stream.connect(self.outIP, self.outPort, self._pt(), self.event_type)
            return
        self.stream = self.engine.open_stream(self.inPort)
        self.inPort = self.stream.local_port
        self.stream.connect(self.outIP, self.outPort, self._pt(), self.event_type)

    def _pt(self) -> int:
        chosen = self.assoc.get(self.payload_type) if self.payload_type is not None else None
        return rtp.PCMA if chosen == PayloadType.PCMA else rtp.PCMU

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.stream is not None:
            self.stream.close()
        if self.on_stop is not None:
            self.on_stop()

    def read(self, length: int = 160, blocking: bool = True) -> bytes:
        return rtp.ULAW_SILENCE[:length]

    def write(self, data: bytes) -> None:
        if self.stream is not None:
            self.stream.play(data)


class SipLeg:
    """A CallLeg over one answered pyVoIP call."""

    def __init__(self, call: VoIPCall, media: _Media) -> None:
        self.call = call
        self.media = media
        self.call_id = str(call.call_id)
        self.caller = str(call.request.headers["From"].get("number") or "")
        self._sink: Sink | None = None
        media.on_stop = self._ended

    @property
    def stream(self) -> RtpStream:
        assert self.media.stream is not None
        return self.media.stream

    def attach(self, sink: Sink) -> None:
        self._sink = sink
        self.stream.on_dtmf = lambda key: sink(KeyPressed(key))
        self.stream.on_played = lambda tag: sink(Played(tag))

    def play(self, ulaw: bytes, tag: object) -> None:
        self.stream.play(ulaw, tag)

    def stop_playback(self) -> None:
        self.stream.stop_playback()

    def listen(self, on_audio: Callable[[bytes], None] | None) -> None:
        self.stream.on_audio = on_audio

    def hangup(self) -> None:
        with contextlib.suppress(InvalidStateError, OSError):
            self.call.hangup()
        self.media.stop()

    def _ended(self) -> None:
        if self._sink is not None:
            self._sink(HungUp())


_EMPTY_HEADER = re.compile(rb"\r\n[A-Za-z-]+:[ \t]*(?=\r\n)")


def _tidy(raw: bytes) -> bytes:
    """Remove empty header lines (pyVoIP drops the whole message otherwise)."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    return _EMPTY_HEADER.sub(b"", head) + sep + body


class PyVoipTransport:
    def __init__(self, config: SipConfig, engine: MediaEngine) -> None:
        self.config = config
        self.engine = engine
        self.phone: VoIPPhone | None = None
        self.on_call: Callable[[CallLeg], None] | None = None
        self.active = 0
        self.registrations = 0  # successful REGISTERs (the supervisor's and the tests' view)
        self._lock = threading.Lock()
        self._cancelled: set[str] = set()
        self._failures = 0

    @property
    def registered(self) -> bool:
        return self.phone is not None and self.phone.get_status() == PhoneStatus.REGISTERED

    def start(self, on_call: Callable[[CallLeg], None]) -> None:
        self.on_call = on_call
        c = self.config
        phone = VoIPPhone(
            c.server,
            c.port,
            c.user,
            c.password,
            myIP=c.local_ip,
            callCallback=self._answer,
            sipPort=c.local_port,
            rtpPortLow=c.rtp_ports[0],
            rtpPortHigh=c.rtp_ports[1],
        )
        sip = phone.sip
        sip.default_expires = max(10, c.register_seconds + 5)  # pyVoIP renews 5 s before this
        sip.register_timeout = c.register_timeout  # type: ignore[assignment]  # pyVoIP hints int; a socket timeout takes seconds as float
        original_parse, original_register = sip.parse_message, sip.register
        # pyVoIP has no hooks for these: its methods are wrapped on this instance
        parse = lambda message: self._parse(sip, message, original_parse)  # noqa: E731
        sip.parse_message = parse  # type: ignore[method-assign]  # no hook in pyVoIP
        sip.register = lambda: self._register(original_register)  # type: ignore[method-assign]  # no hook in pyVoIP
        sip.recv = lambda: self._recv(sip)  # type: ignore[method-assign]  # no hook in pyVoIP
        self.phone = phone
        try:
            phone.start()  # the first REGISTER; a failure is retried by pyVoIP's timer through _register
        except Exception as exc:
            log.warning("ivr: first registration failed (%s); retrying", exc)

    def stop(self) -> None:
        if self.phone is not None:
            try:
                self.phone.stop()
            except Exception:
                log.debug("ivr: stopping the SIP phone failed", exc_info=True)

    # -- registration ----------------------------------------------------------------------------

    def _register(self, original: Callable[[], bool]) -> bool:
        if self._failures:
            time.sleep(min(30.0, 0.5 * 2 ** min(self._failures, 6)))
        ok = bool(original())
        if ok:
            if self._failures:
                log.info("ivr: registered again with %s:%s", self.config.server, self.config.port)
            self._failures = 0
            self.registrations += 1
        else:
            self._failures += 1
            log.warning("ivr: registration with %s:%s failed", self.config.server, self.config.port)
        return ok

    # -- signalling --------------------------------------------------------------------------------

    def _recv(self, sip: SIP.SIPClient) -> None:
        raw = sip.s.recv(8192)  # BlockingIOError goes back to pyVoIP's receive loop
        if raw == b"\x00\x00\x00\x00" or not raw.strip():
            return
        if raw.startswith(b"OPTIONS "):
            self._options(sip, raw)
            return
        try:
            message = SIP.SIPMessage(_tidy(raw))
        except Exception:
            log.debug("ivr: unparsable SIP message dropped: %r", raw[:200])
            return
        try:
            sip.parse_message(message)
        except Exception:
            log.exception("ivr: handling a SIP message failed")

    def _options(self, sip: SIP.SIPClient, raw: bytes) -> None:
        head = raw.partition(b"\r\n\r\n")[0].decode(errors="replace").split("\r\n")
        keep = [
            line
            for line in head[1:]
            if line.split(":", 1)[0].strip().lower() in ("via", "from", "to", "call-id", "cseq")
        ]
        response = "SIP/2.0 200 OK\r\n" + "\r\n".join(keep) + f"\r\nAllow: {', '.join(pyVoIP.SIPCompatibleMethods)}"
        response += "\r\nContent-Length: 0\r\n\r\n"
        sip.out.sendto(response.encode(), (self.config.server, self.config.port))

    def _parse(self, sip: SIP.SIPClient, message: SIP.SIPMessage, original: Callable[[SIP.SIPMessage], None]) -> None:
        if message.type == SIP.SIPMessageType.MESSAGE and message.method == "CANCEL":
            self._cancel(sip, message)
            return
        original(message)

    def _cancel(self, sip: SIP.SIPClient, cancel: SIP.SIPMessage) -> None:
        call_id = cancel.headers["Call-ID"]
        target = (self.config.server, self.config.port)
        sip.out.sendto(sip.gen_ok(cancel).encode(), target)
        phone = self.phone
        call = phone.calls.get(call_id) if phone else None
        if phone is None or call is None or call.state != CallState.RINGING:
            return
        self._cancelled.add(call_id)
        invite = call.request
        tag = sip.tagLibrary.get(call_id, sip.gen_tag())
        response = "SIP/2.0 487 Request Terminated\r\n" + sip._gen_response_via_header(invite)
        response += f"From: {invite.headers['From']['raw']};tag={invite.headers['From']['tag']}\r\n"
        response += f"To: {invite.headers['To']['raw']};tag={tag}\r\n"
        response += f"Call-ID: {call_id}\r\nCSeq: {invite.headers['CSeq']['check']} INVITE\r\nContent-Length: 0\r\n\r\n"
        sip.out.sendto(response.encode(), target)
        call.state = CallState.ENDED
        phone.calls.pop(call_id, None)

    # -- calls -------------------------------------------------------------------------------------

    def _answer(self, call: VoIPCall) -> None:
        """Runs in pyVoIP's thread for this call (a second after the INVITE) for the whole call."""
        call_id = str(call.call_id)
        if call_id in self._cancelled or call.state != CallState.RINGING:
            self._cancelled.discard(call_id)
            return
        with self._lock:
            busy = self.active >= self.config.max_calls
            if not busy:
                self.active += 1
        if busy:
            call.deny()
            return
        try:
            clients = list(call.RTPClients)
            if not clients:
                call.deny()
                return
            first = clients[0]
            media = _Media(self.engine, first.assoc, first.inPort, first.outIP, first.outPort)
            if media.payload_type is None:
                call.deny()  # no G.711 offered
                return
            call.RTPClients = [media]  # type: ignore[list-item]  # _Media stands in for pyVoIP's RTPClient
            call.answer()
            leg = SipLeg(call, media)
            assert self.on_call is not None
            self.on_call(leg)
            if call.state == CallState.ANSWERED:  # type: ignore[comparison-overlap]  # answer() and on_call move it
                leg.hangup()
        except Exception:
            log.exception("ivr: call %s failed", call_id)
        finally:
            with self._lock:
                self.active -= 1
