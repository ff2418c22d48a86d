"""The pronunciation lexicon page: everyone reads and searches it, admins add, change and remove
entries (audited, versioned), those who write bulletins hear an entry as the voice says it."""

from __future__ import annotations

from tests.support.web import post_form, text_of

PAGE = "/quan-tri/tu-dien-cach-doc"
ADMIN = ("admin", "admin-password-1")


def test_everyone_reads_and_searches_the_lexicon_without_marks(browser):
    me = browser("bientap.eakao")
    assert f'href="{PAGE}"' in me.get("/quan-tri/").text
    shown = text_of(me.get(PAGE).text)
    assert "UBND ủy ban nhân dân Có sẵn" in shown and "HĐND" in shown
    found = text_of(me.get(PAGE, params={"q": "hoi dong"}).text)
    assert "HĐND hội đồng nhân dân" in found and "UBND ủy ban nhân dân" not in found
    assert "Lưu cách đọc" not in shown  # an editor does not change the lexicon


def test_an_admin_adds_changes_and_removes_an_entry_and_the_voice_follows(browser, client, login):
    me = browser(*ADMIN)
    added = post_form(me, PAGE, PAGE, {"term": "NVH", "spoken": "nhà văn hóa"})
    shown = text_of(added.text)
    assert "Đã lưu: “NVH” đọc là “nhà văn hóa”." in shown and "NVH nhà văn hóa Cán bộ thêm" in shown
    editor = login("bientap.eakao")
    said = client.post("/api/v1/audio/normalize", json={"text": "Họp NVH"}, headers=editor).json()["text"]
    assert "nhà văn hóa" in said

    form = me.get(PAGE, params={"sua": "NVH"}).text
    assert "Sửa cách đọc" in form and 'value="nhà văn hóa"' in form
    changed = text_of(post_form(me, f"{PAGE}?sua=NVH", PAGE, {"term": "NVH", "spoken": "nhà văn hóa thôn"}).text)
    assert "NVH nhà văn hóa thôn" in changed

    removed = text_of(post_form(me, PAGE, f"{PAGE}/xoa", {"term": "NVH"}).text)
    assert "Đã bỏ cách đọc của “NVH”" in removed and "nhà văn hóa thôn" not in removed
    trail = client.get("/api/v1/audit", params={"entity_type": "speech_lexicon"}, headers=login(*ADMIN)).json()
    assert [r["action"] for r in trail if r["entity_id"] == "NVH"].count("audio.lexicon.put") == 2
    assert all(r["channel"] == "web" for r in trail if r["entity_id"] == "NVH")


def test_a_bad_entry_is_refused_in_vietnamese_and_kept_in_the_form(browser):
    me = browser(*ADMIN)
    refused = post_form(me, PAGE, PAGE, {"term": "Cư M'gar", "spoken": "cư m gar"})
    assert refused.status_code == 422 and "không có khoảng trắng" in text_of(refused.text)
    assert 'value="cư m gar"' in refused.text


def test_an_editor_cannot_change_the_lexicon_even_by_posting(browser, client, login):
    me = browser("bientap.eakao")
    refused = post_form(me, PAGE, PAGE, {"term": "NVH", "spoken": "nhà văn hóa"})
    assert refused.status_code == 403 and "Quản trị" in text_of(refused.text)
    forged = browser(*ADMIN)
    forged.get(PAGE)
    assert forged.post(PAGE, data={"csrf_token": "x", "term": "NVH", "spoken": "nhà văn hóa"}).status_code == 403
    terms = client.get("/api/v1/audio/lexicon", headers=login("bientap.eakao")).json()["terms"]
    assert "NVH" not in [t["term"] for t in terms]


def test_an_editor_hears_an_entry_as_the_voice_says_it(browser):
    me = browser("bientap.eakao")
    assert f'src="{PAGE}/nghe?tu=UBND"' in me.get(PAGE).text
    heard = me.get(f"{PAGE}/nghe", params={"tu": "UBND"})
    assert heard.status_code == 200 and heard.headers["content-type"] == "audio/mpeg"
    assert heard.content[:3] == b"ID3" or heard.content[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
    operator = browser("vanhanh.eakao")  # operators do not write bulletins: no listening
    assert "/nghe?tu=" not in operator.get(PAGE).text
    assert operator.get(f"{PAGE}/nghe", params={"tu": "UBND"}).status_code == 403
