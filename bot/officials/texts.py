"""What the bot says to officials in chat."""

from __future__ import annotations

HELP = """Lệnh dành cho cán bộ:
/tin Tiêu đề | Nội dung — soạn bản nháp cho địa bàn của anh/chị
/guiduyet SỐ — gửi duyệt bản nháp
/choduyet — tin đang chờ duyệt
/duyet SỐ — duyệt tin (người duyệt)
/tuchoi SỐ lý do — từ chối tin, ghi rõ lý do (người duyệt)
/khancap Tiêu đề | Nội dung — phát tin khẩn cấp ngay (người duyệt, xác nhận bằng mã trên trang quản trị)
/xacnhan MÃ — xác nhận lệnh khẩn cấp bằng mã 6 chữ số
/phananh — phản ánh chưa trả lời của địa bàn
/traloi MÃ nội dung — trả lời phản ánh
/lich [xã] — lịch phát thanh 24 giờ tới
/lich SỐ GIỜ [KHI NÀO] — xếp lịch phát tin SỐ tại xã của anh/chị, ví dụ:
   /lich 12 6:00,17:00 3 ngày — hằng ngày lúc 6:00 và 17:00, từ hôm nay, trong 3 ngày
   /lich 12 6:00 hằng ngày — hằng ngày, không hạn
   /lich 12 6:00 t2,t4,t6 — thứ Hai, thứ Tư, thứ Sáu (cn: Chủ nhật)
   /lich 12 6:00 25/12 — một lần, ngày 25/12
   /lich 12 6:00 — một lần, hôm nay (ngày mai nếu giờ đã qua)
   /lich 12 khung tới — một lần, đầu khung giờ phát tới
/thietbi [xã] — tình trạng thiết bị của địa bàn
/huylienket — bỏ liên kết tài khoản chat này"""

NOT_LINKED = (
    "Tài khoản chat này chưa liên kết với tài khoản cán bộ. Anh/chị vào trang Cá nhân của hệ thống (mục “Liên kết "
    "tài khoản chat”) để lấy mã, rồi nhắn: /lienket MÃ"
)
NOT_LINKED_YET = "Tài khoản chat này chưa liên kết với tài khoản cán bộ nào."
LINKED = "Đã liên kết tài khoản chat này với tài khoản {name} ({username})."
UNLINKED = "Đã bỏ liên kết. Tài khoản chat này không còn thực hiện được các lệnh của cán bộ."
REFUSED = "Xin lỗi, chưa thực hiện được. {detail}"
CANCEL = "Hủy"

DRAFT_USAGE = "Cách dùng: /tin Tiêu đề | Nội dung"
DRAFTED = "Đã tạo bản nháp số {id}: “{title}”. Gửi duyệt: /guiduyet {id}"
SUBMIT_USAGE = "Cách dùng: /guiduyet SỐ (số của bản nháp)"
SUBMITTED = "Đã gửi duyệt tin số {id}: “{title}”."
APPROVE_USAGE = "Cách dùng: /duyet SỐ (xem số tin bằng /choduyet)"
APPROVED_LIVE = "Đã duyệt tin số {id}: “{title}”. Tin đã được phát hành."
APPROVED_LATER = "Đã duyệt tin số {id}: “{title}”. Tin sẽ phát hành lúc {when}."
REJECT_USAGE = "Cách dùng: /tuchoi SỐ lý do"
REJECTED = "Đã từ chối tin số {id}: “{title}”. Người soạn sẽ thấy lý do."
NONE_AWAITING = "Không có tin nào đang chờ duyệt."
AWAITING = "Tin chờ duyệt ({total}):"
AWAITING_ITEM = "• Số {id}: {title} (địa bàn {codes}) — duyệt: /duyet {id}"

EMERGENCY_USAGE = "Cách dùng: /khancap Tiêu đề | Nội dung"
EMERGENCY_CONFIRM = (
    "TIN KHẨN CẤP: “{title}”\nSẽ phát ngay tại: {where} (cùng {below} thôn, buôn, xã, phường trực thuộc), ngắt các "
    "chương trình đang phát. Anh/chị xác nhận?"
)
EMERGENCY_GO = "Phát ngay"
EMERGENCY_CANCELLED = "Đã hủy, tin khẩn cấp không được phát."
EMERGENCY_ISSUED = "Đã phát tin khẩn cấp số {id}: “{title}”."

EMERGENCY_SUMMARY = "Phát tin khẩn cấp “{title}”"
APPROVE_SUMMARY = "Duyệt tin khẩn cấp số {id}: “{title}”"
CODE_NEEDED = (
    "Lệnh khẩn cấp cần mã xác nhận: {summary}.\nAnh/chị đăng nhập trang quản trị {url}/quan-tri/, bấm “Lấy mã” ở "
    "mục “Mã xác nhận lệnh khẩn cấp” trên trang Tổng quan, rồi nhắn: /xacnhan MÃ (6 chữ số, dùng một lần, hiệu lực "
    "{minutes} phút). Mã không bao giờ được gửi qua chat."
)
CONFIRM_USAGE = "Cách dùng: /xacnhan MÃ (6 chữ số lấy trên trang quản trị)"
CONFIRM_NOTHING = "Không có lệnh khẩn cấp nào đang chờ xác nhận từ tài khoản chat này. Anh/chị gửi lại lệnh."
CONFIRM_NO_CODE = (
    "Chưa lấy mã cho lệnh này. Anh/chị bấm “Lấy mã” ở mục “Mã xác nhận lệnh khẩn cấp” trên trang quản trị "
    "{url}/quan-tri/."
)
CONFIRM_EXPIRED = "Mã xác nhận đã hết hạn, lệnh chưa được thực hiện. Anh/chị lấy mã mới trên trang quản trị."
CONFIRM_WRONG = "Mã xác nhận không đúng, lệnh chưa được thực hiện. Còn {left} lần thử."
CONFIRM_LOCKED = "Mã xác nhận sai quá số lần cho phép. Lệnh đã bị hủy; anh/chị gửi lại lệnh nếu cần."

NO_CASES = "Không có phản ánh nào đang chờ trả lời."
CASES = "Phản ánh chưa trả lời ({total}):"
CASE_ITEM = "• {code} — hạn {due}{late}: {text}"
LATE = " (QUÁ HẠN)"
ANSWER_USAGE = "Cách dùng: /traloi MÃ nội dung trả lời"
ANSWERED = "Đã trả lời phản ánh {code}; câu trả lời được gửi tới người phản ánh."

AREA_UNKNOWN = "Không tìm thấy địa bàn “{text}”."
PROGRAMME = "Lịch phát thanh của {commune} (khung giờ {windows}), 24 giờ tới:"
PROGRAMME_EMPTY = "Chưa có tin nào trong lịch."
PROGRAMME_CONFLICTS = "Có {count} mục cần xem lại (trùng giờ, chưa duyệt, hết hạn): xem trên trang quản trị."
SCHEDULED = "Đã xếp lịch tin số {id} “{title}” tại {commune}: {when}. Lần phát đầu: {first}."
NO_PLAY = "không có lần nào trong tuần tới"
SCHEDULE_CONFLICTS = "Có {count} xung đột cần xem lại:"
SCHEDULE_CONFLICT = "• {detail}{times}"
REPEATED = " (lặp lại {times} lần)"
SCHEDULE_CLEAR = "Không có xung đột."
SCHEDULE_WHERE = "Tin số {id} không gửi tới xã, phường nào của anh/chị: hãy xếp lịch trên trang quản trị."
NO_DEVICES = "{area} chưa có thiết bị nào trên hệ thống."
DEVICES = "Thiết bị của {area} — {counts}."
DEVICE_OFFLINE = "• {name}: mất kết nối từ {since}"
NEVER = "chưa từng kết nối"
