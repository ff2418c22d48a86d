"""Speech recognition for the hotline: vosk (Kaldi) on 8 kHz telephone audio.

    recognizer = VoskRecognizer("/srv/models/vosk-model-vn")          # TTCS_ASR_MODEL_PATH
    stream = recognizer.stream(grammar=["có", "không"])                 # short answers only
    for chunk in call_audio:                                            # 8 kHz 16-bit PCM (or G.711)
        for result in stream.feed(chunk): ...                           # partial and final results
    final = stream.finish()

Telephone audio (8 kHz, often G.711) is resampled to the model's rate. A word list ("grammar")
restricts what the recogniser may hear: answers to a yes/no question, digits, commune names — far
more reliable than open dictation on a phone line.
"""

from __future__ import annotations

from voice.asr.g711 import alaw_to_pcm, ulaw_to_pcm
from voice.asr.vosk import Result, Stream, VoskRecognizer, model_rate

__all__ = ["Result", "Stream", "VoskRecognizer", "alaw_to_pcm", "model_rate", "ulaw_to_pcm"]
