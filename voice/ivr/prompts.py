"""Everything the hotline says, in one place.

Fixed prompts are constants; prompts with a name or a number in them are small functions. All are
plain Vietnamese text: the speech pipeline turns them into 8 kHz telephone audio once and the
prompt cache (`voice.ivr.cache`) keeps the result.
"""

from __future__ import annotations

DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
KEY_WORDS = {"*": "sao", "#": "thăng"}

# Words a caller may say instead of pressing a key (when speech recognition is configured).
NUMBER_WORDS = {word: str(i) for i, word in enumerate(DIGIT_WORDS)}
YES_WORDS = ("có", "đồng ý", "gửi")
NO_WORDS = ("không", "ghi lại")


def key_name(key: str) -> str:
    return KEY_WORDS.get(key, DIGIT_WORDS[int(key)] if key.isdigit() else key)


def spell_digits(digits: str) -> str:
    """“2026000123” → “hai không hai sáu, không không không, một hai ba”: in groups, so the caller can
    write it down."""
    words = [DIGIT_WORDS[int(d)] for d in digits if d.isdigit()]
    groups = [words[i : i + 3] for i in range(0, len(words), 3)] if len(words) != 4 else [words]
    return ", ".join(" ".join(group) for group in groups)


def spell_code(code: str) -> str:
    """“PA-2026-000123” → “pê a, hai không hai sáu, không không không một hai ba”."""
    prefix, _, rest = code.partition("-")
    year, _, number = rest.partition("-")
    letters = " ".join({"P": "pê", "A": "a"}.get(c, c.lower()) for c in prefix)
    return f"{letters}, {spell_digits(year)}, {' '.join(DIGIT_WORDS[int(d)] for d in number)}"


def greeting(site: str) -> str:
    return f"Xin chào. Đây là tổng đài {site}."


EMERGENCY = "Tin khẩn cấp."


def ask_area(names: list[str], by_voice: bool) -> str:
    choices = " ".join(f"{name}, bấm phím {key_name(str(i))}." for i, name in enumerate(names, start=1))
    spoken = " Hoặc nói tên xã, phường." if by_voice else ""
    return f"Xin cho biết ông bà ở xã, phường nào. {choices}{spoken}"


def ask_group(groups: list[str], more: bool, by_voice: bool) -> str:
    """The first of the two keypad levels: the former district (the province has too many communes for
    one list)."""
    choices = " ".join(f"{name}, bấm phím {key_name(str(i))}." for i, name in enumerate(groups, start=1))
    spoken = " Hoặc nói tên xã, phường." if by_voice else ""
    following = " Để nghe tiếp, bấm phím chín." if more else ""
    return (
        "Xin cho biết ông bà ở xã, phường nào. Nếu biết mã xã, phường gồm năm chữ số, bấm phím không rồi bấm mã. "
        f"Hoặc chọn huyện, thị xã, thành phố trước đây: {choices}{following}{spoken}"
    )


def ask_commune_in(group: str, names: list[str], more: bool) -> str:
    choices = " ".join(f"{name}, bấm phím {key_name(str(i))}." for i, name in enumerate(names, start=1))
    following = " Để nghe tiếp, bấm phím chín." if more else ""
    return f"Các xã, phường của {group} trước đây: {choices}{following} Để chọn lại huyện, bấm phím sao."


AREA_CODE_ASK = "Xin bấm năm chữ số của mã xã, phường. Để quay lại, bấm phím sao."


def area_code_unknown(digits: str) -> str:
    return f"Không có xã, phường nào mang mã {spell_digits(digits)}."


OTHER_COMMUNES = "Các xã, phường khác"


def area_chosen(name: str) -> str:
    return f"Tổng đài đã ghi nhận ông bà ở {name}."


MENU = (
    "Để nghe tin mới của xã, phường, bấm phím một. "
    "Để nghe lịch phát thanh, bấm phím hai. "
    "Để gửi phản ánh, kiến nghị, bấm phím ba. "
    "Để tra cứu phản ánh đã gửi, bấm phím bốn. "
    "Để hỏi đáp như khi nhắn tin với tổng đài, bấm phím năm. "
    "Để biết địa chỉ và giờ làm việc, bấm phím không. "
    "Để chọn lại xã, phường, bấm phím chín. "
    "Để nghe lại, bấm phím sao."
)
INVALID = "Phím vừa bấm không có trong danh sách."
NOT_HEARD = "Xin lỗi, tổng đài chưa nhận được lựa chọn của ông bà."
GOODBYE = "Cảm ơn ông bà đã gọi. Xin chào và hẹn gặp lại."
REVIEW = "Để nghe lại, bấm phím một. Để về danh sách chính, bấm phím sao."


def no_news(area: str) -> str:
    return f"Hiện chưa có tin mới cho {area}."


def news_count(count: int, area: str) -> str:
    return f"Có {count} tin mới cho {area}."


def news_item(index: int, title: str, when: str, issuer: str) -> str:
    return f"Tin thứ {index}: {title}. {issuer}, ngày {when}."


def record_intro(max_seconds: int) -> str:
    minutes, seconds = divmod(max_seconds, 60)
    limit = f"{minutes} phút" if minutes and not seconds else f"{max_seconds} giây"
    return (
        "Sau tiếng bíp, xin nói nội dung phản ánh, kiến nghị: việc gì đang xảy ra, ở đâu. "
        f"Nói xong, bấm phím thăng. Thời gian ghi âm tối đa {limit}."
    )


RECORD_EMPTY = "Tổng đài chưa nghe được nội dung. Xin nói lại sau tiếng bíp."
PLAYBACK = "Ông bà vừa nói:"
CONFIRM = "Để gửi phản ánh, bấm phím một. Để ghi âm lại, bấm phím hai."


def offers(titles: list[str]) -> str:
    """The dialogue's choices as keys, then the way back."""
    keys = " ".join(f"{title}, bấm phím {key_name(str(i))}." for i, title in enumerate(titles, start=1))
    return f"{keys} Để về danh sách chính, bấm phím sao.".strip()


DIALOGUE_UNAVAILABLE = "Xin lỗi, phần hỏi đáp chưa phục vụ được cuộc gọi này."
DIALOGUE_START = "/help"  # the first turn: what the dialogue can do, as on the chat's menu


def filed(code: str) -> str:
    return f"Phản ánh của ông bà đã được tiếp nhận. Mã phản ánh là: {spell_code(code)}. Xin ghi lại mã này để tra cứu."


FILE_FAILED = "Xin lỗi, hệ thống đang bận. Bản ghi âm của ông bà đã được lưu và sẽ được chuyển đến cán bộ xử lý."
STATUS_ASK = (
    "Xin bấm các chữ số của mã phản ánh, phần sau chữ pê a, ví dụ hai không hai sáu, không không không một hai ba, "
    "rồi bấm phím thăng."
)
STATUS_NOT_FOUND = "Không tìm thấy phản ánh có mã này. Xin kiểm tra lại mã."


def status(code: str, label: str, unit: str, due: str, answer: str | None) -> str:
    text = f"Phản ánh mã {spell_code(code)}: {label}. Đơn vị xử lý: {unit}. Hạn trả lời: ngày {due}."
    if answer:
        text += f" Nội dung trả lời: {answer}"
    return text


def clock(hour: int, minute: int) -> str:
    """“6 giờ”, “17 giờ 30”: how a time of day is said."""
    return f"{hour} giờ" + (f" {minute}" if minute else "")


def schedule_windows(area: str, windows: list[str]) -> str:
    return f"Loa truyền thanh của {area} phát hằng ngày " + ", ".join(windows) + "."


def schedule_slot(day: str, when: str, title: str) -> str:
    return f"{day} lúc {when}: {title}."


def schedule_empty() -> str:
    return "Trong một ngày tới chưa có tin nào được xếp lịch phát."


def schedule_none(area: str) -> str:
    return f"Lịch phát thanh của {area} chưa có trên hệ thống. Xin nghe loa truyền thanh vào buổi sáng và buổi chiều."


def office(unit: str, hours: str) -> str:
    return f"{unit}. {hours}"


# Spoken once at start-up into the cache; everything else is spoken on first use.
FIXED = (EMERGENCY, MENU, INVALID, NOT_HEARD, GOODBYE, REVIEW, RECORD_EMPTY, PLAYBACK, CONFIRM, FILE_FAILED, STATUS_ASK)
FIXED_MORE = (STATUS_NOT_FOUND, AREA_CODE_ASK, DIALOGUE_UNAVAILABLE)
