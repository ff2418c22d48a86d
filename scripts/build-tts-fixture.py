"""Build a VITS with coqui-tts and export it to ONNX: the tiny test fixture, or a full-size model.

Runs in the coqui tool venv (`scripts/coqui-venv.sh`), never in the project's venv:

    $(scripts/coqui-venv.sh) scripts/build-tts-fixture.py tests/fixtures/tts/tiny-vits      # committed
    $(scripts/coqui-venv.sh) scripts/build-tts-fixture.py /tmp/full-vits --full            # benchmark

Writes `<out>.onnx` (what the `vits` engine runs), `<out>.onnx.json` (coqui's model config: the
character set, the sample rate) and, with --checkpoint, `<out>.pth` (for the `coqui` engine and for
`ttcs tts-export`). Weights are random (seeded): the tests check the plumbing and the audio
format, not the voice. The same loading code serves a trained voice an operator configures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
os.environ.setdefault("COQUI_TOS_AGREED", "1")

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
PUNCTUATION = "!'(),-.:;? "


def build(full: bool):
    import torch
    from TTS.tts.configs.shared_configs import CharactersConfig
    from TTS.tts.configs.vits_config import VitsConfig
    from TTS.tts.models.vits import Vits, VitsArgs

    torch.manual_seed(1)
    if full:
        # coqui's defaults: the size of the published VITS voices (~36 M parameters without the
        # discriminator, which only training needs)
        args = VitsArgs(init_discriminator=False)
    else:
        args = VitsArgs(
            hidden_channels=32,
            hidden_channels_ffn_text_encoder=64,
            num_heads_text_encoder=2,
            num_layers_text_encoder=2,
            num_layers_posterior_encoder=2,
            num_layers_flow=2,
            resblock_kernel_sizes_decoder=[3],
            resblock_dilation_sizes_decoder=[[1, 3, 5]],
            upsample_rates_decoder=[8, 8, 4],
            upsample_initial_channel_decoder=32,
            upsample_kernel_sizes_decoder=[16, 16, 8],
            use_sdp=False,
            init_discriminator=False,
        )
    config = VitsConfig(
        model_args=args,
        text_cleaner="basic_cleaners",
        use_phonemes=False,
        add_blank=True,
        characters=CharactersConfig(
            characters_class="TTS.tts.utils.text.characters.Graphemes",
            pad="<PAD>",
            eos="<EOS>",
            bos="<BOS>",
            blank="<BLNK>",
            characters=VIETNAMESE,
            punctuations=PUNCTUATION,
            is_unique=True,
            is_sorted=True,
        ),
    )
    config.audio.sample_rate = 22050
    model = Vits.init_from_config(config)
    model.eval()
    return model, config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output path without extension")
    parser.add_argument("--full", action="store_true", help="full-size VITS (benchmark) instead of the tiny one")
    parser.add_argument("--checkpoint", action="store_true", help="also save the PyTorch checkpoint (.pth)")
    ns = parser.parse_args()
    model, config = build(ns.full)
    ns.out.parent.mkdir(parents=True, exist_ok=True)
    onnx_path = ns.out.with_suffix(".onnx")
    model.export_onnx(output_path=str(onnx_path), verbose=False)
    data = config.to_dict()
    data["ttcs"] = {"language": "vi", "license": "CC0-1.0 (random weights: a test fixture, not a voice)"}
    Path(f"{onnx_path}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))
    if ns.checkpoint:
        import torch

        torch.save({"model": model.state_dict(), "config": data}, ns.out.with_suffix(".pth"))
    params = sum(p.numel() for p in model.parameters())
    print(json.dumps({"onnx": str(onnx_path), "parameters": params, "bytes": onnx_path.stat().st_size}))


if __name__ == "__main__":
    sys.exit(main())
