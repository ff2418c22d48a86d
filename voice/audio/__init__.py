"""Audio processing with ffmpeg: loudness (EBU R128), chime, MP3/Opus for devices, 8 kHz G.711 for
phones, probing and decoding uploaded recordings."""

from voice.audio.ffmpeg import Probe, decode, loudness, probe
from voice.audio.process import DEVICE_FORMATS, FORMATS, Encoded, Format, Options, measure, render, sha256_of, write

__all__ = [
    "DEVICE_FORMATS",
    "FORMATS",
    "Encoded",
    "Format",
    "Options",
    "Probe",
    "decode",
    "loudness",
    "measure",
    "probe",
    "render",
    "sha256_of",
    "write",
]
