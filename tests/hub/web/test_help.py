"""The handbook (`docs/huong-dan/`) is served to officials, linked from the app, and every picture it
shows exists (the browser tests keep them current)."""

import re
from pathlib import Path

from tests.support.web import text_of

HANDBOOK = Path(__file__).resolve().parents[3] / "docs" / "huong-dan"
GUIDES = (
    "dang-nhap",
    "bien-tap-vien",
    "nguoi-duyet",
    "van-hanh-thiet-bi",
    "quan-tri",
    "cong-thong-tin",
    "tong-dai",
    "bao-cao-nam",
    "trao-doi-he-thong",
    "tra-loi-phan-anh",
    "len-lich-phat",
    "nop-bao-cao-nam",
    "tap-huan-can-bo",
    "dang-ky-thiet-bi",
    "nghe-thu",
    "ngon-ngu-phat",
    "nghe-tren-cong-thong-tin",
    "phat-truc-tiep",
    "tiep-song",
    "lien-he-ubnd",
)


def test_every_guide_is_linked_from_the_index_and_renders_with_its_pictures(browser):
    reader = browser()
    index = reader.get("/quan-tri/huong-dan/")
    assert index.status_code == 200 and "Sổ tay hướng dẫn sử dụng TTCS" in text_of(index.text)
    for guide in GUIDES:
        assert f'href="{guide}"' in index.text
        page = reader.get(f"/quan-tri/huong-dan/{guide}")
        assert page.status_code == 200, guide
        for image in re.findall(r'src="anh/([^"]+)"', page.text):
            assert (HANDBOOK / "anh" / image).is_file(), image
            served = reader.get(f"/quan-tri/huong-dan/anh/{image}")
            assert served.status_code == 200 and served.headers["content-type"] == "image/png"


def test_every_handbook_file_is_a_guide_the_app_serves():
    on_disk = {p.stem for p in HANDBOOK.glob("*.md")}
    assert on_disk == {"README", *GUIDES}
    text = "\n".join(p.read_text() for p in HANDBOOK.glob("*.md"))
    referenced = set(re.findall(r"\(anh/([^)]+)\)", text))
    assert referenced <= {p.name for p in (HANDBOOK / "anh").glob("*.png")}


def test_help_is_linked_from_sign_in_and_every_page_and_unknown_pages_are_refused(browser):
    assert 'href="/quan-tri/huong-dan/dang-nhap"' in browser().get("/quan-tri/dang-nhap").text
    me = browser("bientap.eakao")
    assert 'href="/quan-tri/huong-dan/"' in me.get("/quan-tri/").text
    assert 'aria-current="page">Hướng dẫn' in me.get("/quan-tri/huong-dan/bien-tap-vien").text
    for bad in ("khong-co", "..%2Fconfiguration", "anh/..%2F..%2FREADME.md"):
        assert me.get(f"/quan-tri/huong-dan/{bad}").status_code == 404


def test_every_guide_shows_at_least_one_picture():
    """Issue 18: a page per task, each with a screenshot taken by a browser test."""
    bare = [guide for guide in GUIDES if not re.search(r"!\[[^\]]*\]\(anh/", (HANDBOOK / f"{guide}.md").read_text())]
    assert bare == []
