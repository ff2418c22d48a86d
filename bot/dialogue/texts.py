"""What the bot says to citizens, in one place: short, polite, plain Vietnamese."""

from __future__ import annotations

from bot.dialogue.reply import Choice

MENU = (
    Choice("Tin mới ở xã, phường", "/ask_info"),
    Choice("Lịch phát loa", "/ask_schedule"),
    Choice("Gửi phản ánh, kiến nghị", "/report_feedback"),
    Choice("Tra cứu phản ánh", "/check_feedback_status"),
    Choice("Đăng ký nhận tin", "/subscribe"),
)

GREETING = "Xin chào bà con! Đây là kênh thông tin cơ sở của chính quyền địa phương. Tôi có thể giúp:"
HELP = "Tôi có thể giúp bà con những việc sau (nhắn số hoặc bấm nút):"
THANKS = "Dạ, không có gì ạ. Bà con cần gì cứ nhắn nhé."
GOODBYE = "Chúc bà con mạnh khỏe! Khi cần, bà con cứ nhắn lại."
EMPTY = "Bà con chưa nhập nội dung. Nhắn “hướng dẫn” để xem những việc tôi có thể giúp."
TOO_LONG = "Tin nhắn dài quá {limit} ký tự. Bà con vui lòng nhắn ngắn gọn hơn."
REPHRASE = "Xin lỗi, tôi chưa hiểu ý bà con. Bà con có thể nói cách khác, hoặc chọn một việc dưới đây:"
OUT_OF_SCOPE = "Xin lỗi, việc này nằm ngoài phạm vi của kênh thông tin cơ sở. Tôi có thể giúp bà con những việc sau:"
CANCELLED = "Đã hủy. Bà con cần gì khác cứ nhắn nhé."
NOTED = "Dạ."
WELCOME_BACK = "Cảm ơn bà con đã quan tâm theo dõi kênh thông tin cơ sở."
UNFOLLOW_NOTE = "Bỏ theo dõi: ngừng gửi tin đăng ký."

ASK_COMMUNE = "Bà con đang ở xã, phường nào? Xin nhắn tên xã, phường (ví dụ: Ea Kao)."
ASK_COMMUNE_AGAIN = "Chưa tìm thấy xã, phường “{text}”. Bà con vui lòng nhắn lại tên xã, phường (ví dụ: Ea Kao)."
WHICH_AREA = "Có mấy nơi trùng tên. Bà con ở nơi nào?"
NEED_COMMUNE = "Xin bà con cho biết tên xã, phường cụ thể (không phải cả tỉnh)."
REMEMBERED = "Đã ghi nhận bà con ở {area}. Lần sau tôi sẽ không hỏi lại."

# -- information ---------------------------------------------------------------------------------
INFO_HEADER = "Tin mới cho {area}:"
INFO_NONE_FOR = "Chưa có tin về “{words}”. Các tin mới nhất cho {area}:"
INFO_EMPTY = "Hiện chưa có tin mới cho {area}."
INFO_ITEM = "• {title} ({date}, {issuer})\n  Nghe: {audio}\n  Đọc: {page}"
SCHEDULE_WINDOWS = "Loa truyền thanh của {commune} phát mỗi ngày vào các khung giờ {windows}."
SCHEDULE_NEXT = "Sắp phát:"
SCHEDULE_NOTHING = "Hiện chưa có tin nào trong lịch phát sắp tới."

# -- contact -------------------------------------------------------------------------------------
CONTACT_OFFICE = "Bà con có thể liên hệ {office}{phone}."
OFFICE_HOURS = "Giờ làm việc: {hours}"
CONTACT_HOTLINE = "Hoặc gọi đường dây nóng {hotline} để được hướng dẫn."
STILL_NOT_UNDERSTOOD = "Xin lỗi, tôi vẫn chưa hiểu ý bà con."

# -- feedback ------------------------------------------------------------------------------------
FB_ASK_WHAT = "Bà con vui lòng cho biết việc gì đang xảy ra (có thể gửi kèm ảnh)."
FB_WHAT_TOO_LONG = "Nội dung dài quá {limit} ký tự. Bà con vui lòng viết ngắn gọn hơn."
FB_PHOTO_ONLY = "Đã nhận ảnh. Bà con nhắn thêm vài dòng cho biết việc gì đang xảy ra nhé."
FB_ASK_WHERE = "Việc này xảy ra ở đâu? Bà con nhắn tên thôn, buôn, xã, phường hoặc địa chỉ, hoặc gửi vị trí."
FB_HERE = "Tại {area}"
FB_ASK_CONTACT = (
    "Bà con có muốn để lại họ tên và số điện thoại để cán bộ liên hệ khi cần không? Thông tin chỉ dùng để xử lý "
    "phản ánh."
)
FB_GIVE_CONTACT = "Để lại họ tên, số điện thoại"
FB_NO_CONTACT = "Không, gửi không cần tên"
FB_ASK_DETAILS = "Bà con nhắn họ tên và số điện thoại, ví dụ: Nguyễn Văn An 0905123456"
FB_BAD_PHONE = "Chưa thấy số điện thoại hợp lệ. Bà con nhắn lại, ví dụ: Nguyễn Văn An 0905123456"
FB_CONFIRM = "Xin bà con kiểm tra lại phản ánh:\nNội dung: {text}\nNơi xảy ra: {place}\nLiên hệ: {who}"
FB_PHOTOS = "\nẢnh gửi kèm: {count}"
FB_ANONYMOUS = "không để lại"
FB_SEND = "Gửi phản ánh"
FB_REWRITE = "Viết lại"
FB_CANCEL = "Hủy"
FB_RESUME = "Mình tiếp tục phản ánh nhé: {question}"
FB_NOT_UNDERSTOOD = "Xin lỗi, tôi chưa hiểu ý bà con. {question}"
FB_STUCK = (
    "Xin lỗi, tôi vẫn chưa hiểu ý bà con. Bà con muốn dừng phản ánh này, hay nói chuyện với cán bộ? "
    "Nếu muốn tiếp tục, bà con trả lời câu hỏi: {question}"
)
FB_STOP = "Dừng phản ánh"
FB_OFFICIAL = "Nói chuyện với cán bộ"
FB_FILED = (
    "Đã tiếp nhận phản ánh của bà con. Mã phản ánh: {code}\n{unit} sẽ trả lời trước {due}. Bà con nhắn “tra cứu "
    "{code}” để xem kết quả."
)
FB_NOT_FILED = "Chưa gửi được phản ánh: {detail}"

# -- status --------------------------------------------------------------------------------------
ST_ASK_CODE = "Bà con cho biết mã phản ánh (ví dụ PA-2026-000123)."
ST_LINE = "Phản ánh {code}: {status}.\nĐơn vị xử lý: {unit}. Hạn trả lời: {due}."
ST_OVERDUE = "\nĐã quá hạn; đơn vị xử lý đã được nhắc."
ST_ANSWER = "\nTrả lời: {answer}"
ST_REASON = "\nLý do: {reason}"
ST_MERGED = "\nPhản ánh này được gộp với {code} có cùng nội dung."

# -- subscriptions -------------------------------------------------------------------------------
SUB_DONE = "Đã đăng ký nhận tin của {area} ({topic}). Khi có tin mới, tin sẽ được gửi {where}."
SUB_ALREADY = "Bà con đã đăng ký nhận tin của {area} ({topic}) rồi ạ."
SUB_HOW_TO_STOP = " Nhắn “hủy đăng ký” khi không muốn nhận nữa."
SUB_WHERE_WEB = "vào khung trò chuyện này"
SUB_WHERE_CHANNEL = "qua {channel}"
UNSUB_DONE = "Đã hủy đăng ký nhận tin{what}. Bà con có thể đăng ký lại bất cứ lúc nào."
UNSUB_NONE = "Bà con chưa đăng ký nhận tin nào."
