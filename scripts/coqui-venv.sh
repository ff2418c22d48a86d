#!/usr/bin/env bash
# A cached tool venv with coqui-tts (PyTorch), used only to build the test VITS fixture
# (scripts/build-tts-fixture.py) and by the benchmark (bench/tts.py). `make test` never needs it.
#   scripts/coqui-venv.sh          prints the venv's python, creating the venv on first use
# The clean combination on CPU machines: torch 2.9.1 + torchaudio 2.9.1 (+ torchcodec 0.8.1, which
# coqui 0.28 insists on importing with torch >= 2.9), coqui needs `six` without declaring it.
# Multi-GB download the first time; kept in ${TTCS_TOOLS_DIR:-~/.cache/ttcs}.
set -euo pipefail
dir=${TTCS_TOOLS_DIR:-$HOME/.cache/ttcs}/coqui-venv
if [ ! -x "$dir/bin/python" ] || ! "$dir/bin/python" -c 'import TTS' >/dev/null 2>&1; then
  python=$(command -v python3.11 || command -v python3)
  "$python" -m venv "$dir" >&2
  "$dir/bin/pip" install --quiet "coqui-tts==0.28.0" "torch==2.9.1" "torchaudio==2.9.1" "torchcodec==0.8.1" \
    "six==1.17.0" "onnx==1.19.1" "onnxruntime==1.23.2" >&2
fi
echo "$dir/bin/python"
