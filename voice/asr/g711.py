"""G.711 μ-law and A-law decoding (ITU-T G.711) to 16-bit PCM, with numpy lookup tables.

Python's `audioop` did this but is deprecated (removed in 3.13), so the two 256-entry tables are
computed here once.
"""

from __future__ import annotations

import functools

import numpy as np


@functools.cache
def _ulaw_table() -> np.ndarray:
    codes = ~np.arange(256, dtype=np.int32) & 0xFF
    sign = codes & 0x80
    exponent = (codes >> 4) & 0x07
    mantissa = codes & 0x0F
    magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
    return np.where(sign != 0, -magnitude, magnitude).astype(np.int16)


@functools.cache
def _alaw_table() -> np.ndarray:
    codes = np.arange(256, dtype=np.int32) ^ 0x55
    sign = codes & 0x80
    exponent = (codes >> 4) & 0x07
    mantissa = codes & 0x0F
    magnitude = np.where(exponent == 0, (mantissa << 4) + 8, ((mantissa << 4) + 0x108) << np.maximum(exponent - 1, 0))
    return np.where(sign != 0, magnitude, -magnitude).astype(np.int16)


def ulaw_to_pcm(data: bytes) -> bytes:
    return _ulaw_table()[np.frombuffer(data, dtype=np.uint8)].tobytes()


def alaw_to_pcm(data: bytes) -> bytes:
    return _alaw_table()[np.frombuffer(data, dtype=np.uint8)].tobytes()


def pcm_to_ulaw(data: bytes) -> bytes:
    """16-bit PCM to μ-law (the standard segment encoder, vectorised)."""
    samples = np.frombuffer(data[: len(data) // 2 * 2], dtype=np.int16).astype(np.int32)
    sign = np.where(samples < 0, 0x80, 0)
    magnitude = np.minimum(np.abs(samples), 32635) + 0x84
    exponent = np.floor(np.log2(magnitude)).astype(np.int32) - 7
    exponent = np.clip(exponent, 0, 7)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    encoded: bytes = (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8).tobytes()
    return encoded


def pcm_to_alaw(data: bytes) -> bytes:
    """16-bit PCM to A-law (the standard segment encoder, vectorised)."""
    samples = np.frombuffer(data[: len(data) // 2 * 2], dtype=np.int16).astype(np.int32)
    sign = np.where(samples >= 0, 0x80, 0)
    magnitude = np.minimum(np.where(samples >= 0, samples, -samples - 1), 32767) >> 3  # 13-bit
    exponent = np.clip(np.floor(np.log2(np.maximum(magnitude, 1))).astype(np.int32) - 4, 0, 7)
    mantissa = np.where(exponent == 0, magnitude >> 1, magnitude >> exponent) & 0x0F
    encoded: bytes = ((sign | (exponent << 4) | mantissa) ^ 0x55).astype(np.uint8).tobytes()
    return encoded


@functools.cache
def ulaw_to_alaw_table() -> bytes:
    """A translation table (for `bytes.translate`) from μ-law codes to A-law codes."""
    return pcm_to_alaw(ulaw_to_pcm(bytes(range(256))))
