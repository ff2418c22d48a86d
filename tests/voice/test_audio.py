"""The audio pipeline, checked with ffprobe and ffmpeg's own loudness meter."""

import subprocess
from pathlib import Path

import pytest

from voice.audio import DEVICE_FORMATS, Options, decode, loudness, probe, render, sha256_of, write
from voice.audio.ffmpeg import verify
from voice.errors import BadAudio
from voice.tts import make_engine, synthesize

TEXT = "Ủy ban nhân dân phường Ea Kao thông báo. Từ ngày mười lăm, các hộ gia đình đăng ký tiêm chủng cho trẻ."


@pytest.fixture(scope="module")
def speech():
    return synthesize(make_engine("espeak"), TEXT).audio


def test_every_device_and_phone_format_is_made_with_its_hash_and_duration(speech, tmp_path):
    made = render(speech, Options(loudness=-16.0), DEVICE_FORMATS, tmp_path)
    expected = {
        "mp3": ("mp3", 44100),
        "opus": ("opus", 48000),
        "ulaw": ("pcm_mulaw", 8000),
        "alaw": ("pcm_alaw", 8000),
    }
    for name, (codec, rate) in expected.items():
        found = probe(made[name].path)
        assert (found.codec, found.sample_rate, found.channels) == (codec, rate, 1)
        assert made[name].sha256 == sha256_of(made[name].path)
        assert abs(found.duration - speech.seconds) < 0.2
        assert made[name].duration == pytest.approx(speech.seconds, abs=0.05)


@pytest.mark.parametrize("target", [-16.0, -23.0])
def test_loudness_is_brought_near_the_configured_target(speech, tmp_path, target):
    quiet = type(speech)((speech.samples // 20).astype("int16"), speech.rate)  # a recording made far too quiet
    made = render(quiet, Options(loudness=target), ("mp3",), tmp_path)
    assert loudness(made["mp3"].path)["input_i"] == pytest.approx(target, abs=2.0)


def test_the_chime_comes_before_and_after_the_speech(speech, tmp_path):
    plain = render(speech, Options(), ("mp3",), tmp_path / "plain")["mp3"]
    chimed = render(speech, Options(chime="builtin"), ("mp3",), tmp_path / "chimed")["mp3"]
    assert chimed.duration > plain.duration + 2 * 0.9 + 2 * 0.3


def test_the_tts_command_path_writes_headerless_mulaw_for_phone_systems(speech, tmp_path):
    raw = write(speech, tmp_path / "prompt.ulaw", "ulaw")
    assert raw.stat().st_size == pytest.approx(speech.seconds * 8000, rel=0.02)  # one byte per sample at 8 kHz
    wav = write(speech, tmp_path / "prompt.wav", "ulaw")
    assert probe(wav).codec == "pcm_mulaw"


def test_corrupt_or_unsupported_recordings_are_refused_in_vietnamese(tmp_path, speech):
    garbage = tmp_path / "ghi-am.mp3"
    garbage.write_bytes(b"ID3" + bytes(range(256)) * 40)
    with pytest.raises(BadAudio) as raised:
        verify(garbage)
    assert "Tệp ghi âm bị hỏng" in raised.value.detail
    text = tmp_path / "note.wav"
    text.write_text("không phải âm thanh")
    with pytest.raises(BadAudio):
        probe(text)
    good = write(speech, tmp_path / "good.mp3", "mp3")
    truncated = tmp_path / "truncated.wav"
    whole = write(speech, tmp_path / "whole.wav", "wav").read_bytes()
    truncated.write_bytes(whole[:44] + whole[44:2000])
    assert verify(good).codec == "mp3"
    assert decode(truncated).seconds < 0.1


def test_a_recording_goes_through_the_same_pipeline(speech, tmp_path):
    recording = write(speech, tmp_path / "ede.mp3", "mp3")
    made = render(decode(recording), Options(loudness=-16.0), ("mp3", "ulaw"), tmp_path / "out")
    assert probe(made["ulaw"].path).sample_rate == 8000
    assert Path(made["mp3"].path).stat().st_size > 1000


def test_a_recording_streamed_without_a_duration_is_measured_by_decoding(tmp_path):
    """The browser's MediaRecorder writes WebM/Opus as it records, with no duration in the file
    (ffprobe names none); such a recording is accepted and its length is what decodes."""
    streamed = subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=660:duration=3",
         "-ac", "1", "-c:a", "libopus", "-f", "webm", "pipe:1"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    path = tmp_path / "ghi-am.webm"
    path.write_bytes(streamed)
    assert probe(path).duration == 0  # what a MediaRecorder file looks like to ffprobe
    assert verify(path).duration == pytest.approx(3.0, abs=0.1)
