"""The streaming server the relays and live broadcasts go through is a real Icecast: a source
sent to a mount is served to listeners, and the tone arrives intact."""

import subprocess

from tests.support.icecast import Icecast
from tests.support.players import wait_for
from tests.support.tones import ToneSource, dominant_frequency


def test_a_tone_sent_to_a_mount_reaches_a_listener(icecast: Icecast, tone_sources: list[ToneSource], tmp_path):
    tone_sources.append(ToneSource(icecast.source_url("/thu.ogg"), 1000, tmp_path / "tone.log").start())
    wait_for(lambda: "thu.ogg" in icecast.mounts(), 20, "the tone's mount did not appear")

    heard = tmp_path / "heard.wav"
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", f"{icecast.url}/thu.ogg", "-t", "2",
         "-ac", "1", "-ar", "16000", str(heard)],
        check=True, timeout=30,
    )  # fmt: skip
    assert abs(dominant_frequency(heard) - 1000) < 10
