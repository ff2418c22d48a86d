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
