"""A user whose password somebody else chose changes it before doing anything else."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# What a user who must change their password may still reach.
ALLOWED_URL_NAMES = frozenset({"password_change", "password_change_done", "logout", "set_language"})


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ALLOWED_URL_NAMES:
            return None
        if request.method == "GET":
            messages.info(request, _("您的密码由他人设置，请先修改为只有您知道的密码。"))
        return redirect("password_change")
