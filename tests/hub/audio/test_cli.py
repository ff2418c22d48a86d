"""`ttcs normalize`, `ttcs tts` and `ttcs tts-quantize` as an operator uses them."""

import shutil
from pathlib import Path

from click.testing import CliRunner

from hub.audio.cli import normalize, tts, tts_quantize
from voice.audio import probe


def test_normalize_prints_proper_vietnamese_words(monkeypatch, tmp_path):
    monkeypatch.setenv("TTCS_VAR_DIR", str(tmp_path))
    result = CliRunner().invoke(
        normalize, ["Ngày 20/01/2020, UBND tỉnh họp lúc 7h30, kinh phí 1,5 tỷ đồng", "--no-lexicon"]
    )
    assert result.exit_code == 0
    assert result.output.strip() == (
        "Ngày hai mươi tháng một năm hai nghìn không trăm hai mươi, ủy ban nhân dân tỉnh họp lúc "
        "bảy giờ ba mươi phút, kinh phí một phẩy năm tỷ đồng"
    )
    south = CliRunner().invoke(normalize, ["1.005 hộ", "--no-lexicon", "--region", "south"])
    assert south.output.strip() == "một ngàn không trăm lẻ năm hộ"


def test_tts_writes_8khz_mulaw_a_phone_system_can_play(monkeypatch, tmp_path, database_url):
    monkeypatch.setenv("TTCS_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("TTCS_DATABASE_URL", database_url)
    monkeypatch.setenv("TTCS_SECRET_KEY", "test-secret-key-of-sufficient-length")
    out = tmp_path / "loi-chao.wav"
    result = CliRunner().invoke(
        tts, ["Xin chào, đây là tổng đài của UBND phường Ea Kao.", "-o", str(out), "--format", "ulaw"]
    )
    assert result.exit_code == 0, result.output
    found = probe(out)
    assert (found.codec, found.sample_rate, found.channels) == ("pcm_mulaw", 8000, 1)
    assert found.duration > 2
    empty = CliRunner().invoke(tts, ["  ", "-o", str(tmp_path / "x.mp3")])
    assert empty.exit_code == 1 and "Không có nội dung để đọc" in empty.output


TINY_VITS = Path(__file__).resolve().parents[2] / "fixtures" / "tts" / "tiny-vits.onnx"


def test_an_operator_quantises_a_vits_voice_and_speaks_with_it(monkeypatch, tmp_path, database_url):
    monkeypatch.setenv("TTCS_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("TTCS_DATABASE_URL", database_url)
    monkeypatch.setenv("TTCS_SECRET_KEY", "test-secret-key-of-sufficient-length")
    model = tmp_path / "voices" / "vi.onnx"
    model.parent.mkdir()
    shutil.copyfile(TINY_VITS, model)
    shutil.copyfile(f"{TINY_VITS}.json", f"{model}.json")
    monkeypatch.setenv("TTCS_TTS_ENGINE", "vits")
    monkeypatch.setenv("TTCS_TTS_MODEL_PATH", str(model))
    monkeypatch.setenv("TTCS_TTS_PRECISION", "int8")
    out = tmp_path / "ban-tin.wav"
    before = CliRunner().invoke(tts, ["Xin chào bà con.", "-o", str(out)])
    assert before.exit_code == 1 and "ttcs tts-quantize" in before.output
    made = CliRunner().invoke(tts_quantize, [str(model)])
    assert made.exit_code == 0, made.output
    assert "TTCS_TTS_PRECISION=int8" in made.output and (tmp_path / "voices" / "vi.int8.onnx").is_file()
    said = CliRunner().invoke(tts, ["Xin chào bà con, ủy ban nhân dân phường thông báo.", "-o", str(out)])
    assert said.exit_code == 0, said.output
    assert probe(out).duration > 0.5
