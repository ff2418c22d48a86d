"""The hotline agent: settings → prompt cache, media engine, SIP transport → calls answered with a backend.

The backend (the `Backend` port of `voice.ivr.model`) is given: `ttcs ivr` (`bot.hotline`) gives the
hub's, tests may give their own. The agent knows nothing of the hub.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from voice.errors import SettingError
from voice.ivr import prompts
from voice.ivr.cache import PromptCache, pipeline_speaker
from voice.ivr.flow import CallFlow, FlowConfig
from voice.ivr.media import MediaEngine
from voice.ivr.model import Backend
from voice.ivr.recovery import recover
from voice.ivr.session import CallSession, ListenerFactory, Transcriber
from voice.ivr.settings import HotlineSettings
from voice.ivr.sip_pyvoip import PyVoipTransport, SipConfig
from voice.ivr.transport import CallLeg, Transport
from voice.settings import VoiceSettings

log = logging.getLogger(__name__)


def rtp_ports(spec: str) -> tuple[int, int]:
    low, _, high = spec.partition("-")
    return int(low), int(high or low)


def sip_config(settings: HotlineSettings) -> SipConfig:
    if settings.ivr_local_ip.strip() in ("", "0.0.0.0", "::"):
        raise SettingError(
            "TTCS_IVR_LOCAL_IP must be this host's address as the SIP server and callers reach it "
            "(it is written into SIP and SDP), not a wildcard"
        )
    low, high = rtp_ports(settings.ivr_rtp_ports)
    if not 1024 <= low <= high <= 65535 or high - low < 2 * settings.ivr_max_calls:
        raise SettingError(
            f"TTCS_IVR_RTP_PORTS ({settings.ivr_rtp_ports}) must be a range within 1024-65535 with at least "
            f"two ports per call (TTCS_IVR_MAX_CALLS={settings.ivr_max_calls})"
        )
    return SipConfig(
        server=settings.ivr_sip_server,
        port=settings.ivr_sip_port,
        user=settings.ivr_sip_user,
        password=settings.ivr_sip_password,
        local_ip=settings.ivr_local_ip,
        local_port=settings.ivr_local_port,
        rtp_ports=rtp_ports(settings.ivr_rtp_ports),
        register_seconds=settings.ivr_register_seconds,
        register_timeout=settings.ivr_register_timeout_seconds,
        max_calls=settings.ivr_max_calls,
    )


def flow_config(settings: HotlineSettings, by_voice: bool) -> FlowConfig:
    return FlowConfig(
        site=settings.ivr_site_name,
        input_seconds=settings.ivr_input_seconds,
        record_max_seconds=settings.ivr_record_max_seconds,
        record_silence_seconds=settings.ivr_record_silence_seconds,
        by_voice=by_voice,
    )


def prompt_cache(settings: VoiceSettings, var_dir: Path) -> PromptCache:
    """The hotline's spoken prompts, kept under `var_dir` and remade when the voice changes."""
    model = settings.tts_model_path if settings.tts_engine != "espeak" else ""
    speak = pipeline_speaker(
        settings.tts_engine, settings.tts_voice, model, settings.tts_region, settings.loudness_target
    )
    voice_id = "|".join(
        [settings.tts_engine, settings.tts_voice, model, settings.tts_region, str(settings.loudness_target)]
    )
    return PromptCache(var_dir / "ivr" / "prompts", speak, voice_id)


class Agent:
    def __init__(
        self,
        backend: Backend,
        settings: HotlineSettings,
        speech: VoiceSettings,
        var_dir: Path,
        transport: Transport | None = None,
        engine: MediaEngine | None = None,
    ) -> None:
        """`var_dir` holds the prompt cache (`ivr/prompts`) and the recordings (`feedback`, the
        store the backend files them from)."""
        self.store: Path = var_dir / "feedback"
        self.backend = backend
        self.cache = prompt_cache(speech, var_dir)
        self.listener: ListenerFactory | None = None
        self.transcriber: Transcriber | None = None
        if speech.asr_model_path:
            from voice.ivr.speech import listener_factory, transcriber

            self.listener = listener_factory(speech.asr_model_path)
            self.transcriber = transcriber(speech.asr_model_path)
        self.flow = flow_config(settings, by_voice=self.listener is not None)
        self.engine = engine or MediaEngine(settings.ivr_local_ip, rtp_ports(settings.ivr_rtp_ports))
        self.transport: Transport = transport or PyVoipTransport(sip_config(settings), self.engine)
        self.first_audio: list[float] = []  # seconds from answer to the first prompt audio, per call
        self.calls = 0
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Speak every fixed prompt and the commune question (every page of it; with up to nine communes,
        also each "đã ghi nhận") before the first call. The pages of a former district's communes are
        spoken on first use."""
        communes = self.backend.communes()
        questions = CallFlow(self.backend, self.flow, "").commune_questions()
        texts = [
            prompts.greeting(self.flow.site),
            *questions,
            prompts.record_intro(self.flow.record_max_seconds),
            *(prompts.area_chosen(c.name) for c in communes if len(communes) <= 9),
            *prompts.FIXED,
            *prompts.FIXED_MORE,
        ]
        self.cache.warm(texts)

    def start(self) -> None:
        self.warm()
        recovered = recover(self.backend, self.store)
        if recovered:
            log.warning("ivr: filed %d recording(s) an earlier run left behind: %s", len(recovered), recovered)
        self.engine.start()
        self.transport.start(self.handle)

    def handle(self, leg: CallLeg) -> None:
        with self._lock:
            self.calls += 1
        session = CallSession(
            leg,
            self.backend,
            self.cache,
            self.flow,
            self.store,
            listener=self.listener,
            transcriber=self.transcriber,
            on_first_audio=self.first_audio.append,
        )
        summary = session.run()
        log.info("ivr: call %s ended: %s (%s)", leg.call_id, summary.result, " ".join(summary.path))

    def stop(self) -> None:
        self.transport.stop()
        self.engine.stop()
