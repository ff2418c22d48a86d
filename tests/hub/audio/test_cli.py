"""`ttcs normalize` and `ttcs tts` as an operator uses them."""

from click.testing import CliRunner

from hub.audio.cli import normalize, tts
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
