"""Error pages in Vietnamese."""

from django.shortcuts import render


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "Bạn không có quyền truy cập trang này."
    return render(request, "errors/403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


CSRF_MESSAGE = (
    "Trang đã mở quá lâu hoặc trình duyệt không giữ cookie của Cổng, nên biểu mẫu chưa được gửi. "
    "Xin tải lại trang rồi gửi lại; nếu mở từ ứng dụng nhắn tin, hãy mở bằng trình duyệt."
)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal (settings.CSRF_FAILURE_VIEW), in Vietnamese instead of its English page."""
    return render(request, "errors/403.html", {"message": CSRF_MESSAGE}, status=403)
