"""Account views around Django's own: the forced password change, password reset by e-mail and
the one-time setup link of invited users."""

from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _


class PasswordChange(auth_views.PasswordChangeView):
    def form_valid(self, form):
        form.user.must_change_password = False
        return super().form_valid(form)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also reaches invited users who have not chosen a password yet (an unusable one): the site
    has no outside authentication whose accounts the reset must leave alone."""

    def get_users(self, email):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)


class PasswordReset(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class SetPassword(auth_views.PasswordResetConfirmView):
    """Choose one's own password from a reset or setup link; the link then stops working."""

    success_url = reverse_lazy("password_reset_complete")
    # Several backends are configured (axes, guardian): say which one logs the user in.
    post_reset_login_backend = "safecommunity.auth.CachedModelBackend"

    def form_valid(self, form):
        form.user.must_change_password = False
        response = super().form_valid(form)
        if self.post_reset_login:
            messages.success(self.request, _("密码已设置，欢迎使用安全社区管理平台。"))
        return response

    def get_success_url(self):
        if self.post_reset_login:
            return reverse_lazy("home")
        return super().get_success_url()
