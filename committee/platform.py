"""Platform administration in the product (superusers): start a community with its first office
account, and assign county or province reviewers to a region. /admin/ stays for the raw tables."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from safecommunity.forms import style_widgets

from . import regions, services
from .choices import AccreditationLevel, CommunityKind
from .models import Community, RegionReviewer


class CommunityStartForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("社区名称"), max_length=100)
    slug = forms.SlugField(
        label=gettext_lazy("网址标识"),
        max_length=60,
        help_text=gettext_lazy("小写字母、数字或连字符，出现在网址中，如 ankang。"),
    )
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=CommunityKind.choices)
    area_code = forms.CharField(
        label=gettext_lazy("行政区划代码"),
        max_length=9,
        help_text=gettext_lazy(
            "6 位县级代码，或 9 位乡镇街道代码（县级代码 + 3 位），如 330106 或 330106012。"
        ),
    )
    county_name = forms.CharField(
        label=gettext_lazy("所属县（市、区）"), max_length=100, required=False
    )
    target_level = forms.ChoiceField(
        label=gettext_lazy("创建目标"),
        choices=AccreditationLevel.choices,
        initial=AccreditationLevel.NATIONAL,
    )
    office_username = forms.CharField(label=gettext_lazy("办公室账号用户名"), max_length=150)
    office_display_name = forms.CharField(label=gettext_lazy("办公室联系人姓名"), max_length=60)
    office_email = forms.EmailField(
        label=gettext_lazy("办公室联系人邮箱"),
        required=False,
        help_text=gettext_lazy("填写后设置密码的链接发到此邮箱；否则请打印链接交给本人。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_area_code(self):
        return regions.validate_area_code(self.cleaned_data["area_code"])


class ReviewerForm(forms.Form):
    region_code = forms.CharField(
        label=gettext_lazy("负责区域的行政区划代码"),
        max_length=9,
        help_text=gettext_lazy("县级 6 位（如 330106），市级如 330100，省级如 330000。"),
    )
    region_name = forms.CharField(label=gettext_lazy("区域名称"), max_length=100, required=False)
    username = forms.CharField(label=gettext_lazy("评审员用户名"), max_length=150)
    display_name = forms.CharField(
        label=gettext_lazy("姓名"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("新账号必填；已有账号留空即只分配区域。"),
    )
    email = forms.EmailField(label=gettext_lazy("电子邮箱"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_region_code(self):
        return regions.validate_area_code(self.cleaned_data["region_code"])


class SuperuserRequired(LoginRequiredMixin, UserPassesTestMixin):
    raise_exception = True

    def test_func(self):
        return self.request.user.is_superuser

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(self.request.get_full_path())
        return super().handle_no_permission()


class Platform(SuperuserRequired, View):
    template_name = "committee/platform.html"

    def context(self, **extra):
        context = {
            "communities": Community.objects.select_related("region").order_by("area_code", "name"),
            "reviewers": RegionReviewer.objects.select_related("user", "region").order_by(
                "region__code", "user__username"
            ),
            "form": CommunityStartForm(prefix="c"),
            "reviewer_form": ReviewerForm(prefix="r"),
        }
        context.update(extra)
        return context

    def get(self, request):
        return render(request, self.template_name, self.context())

    def post(self, request):
        if "r-username" in request.POST:
            return self.assign_reviewer(request)
        form = CommunityStartForm(request.POST, prefix="c")
        if form.is_valid():
            try:
                community, office, url = services.create_community(**form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("已创建%(name)s及其办公室账号。") % {"name": community})
                return render(
                    request,
                    "committee/platform_created.html",
                    {"created": community, "account": office, "setup_url": url},
                )
        return render(request, self.template_name, self.context(form=form), status=400)

    def assign_reviewer(self, request):
        form = ReviewerForm(request.POST, prefix="r")
        if not form.is_valid():
            return render(request, self.template_name, self.context(reviewer_form=form), status=400)
        data = form.cleaned_data
        url = None
        with transaction.atomic():
            region = regions.ensure_region_path(
                data["region_code"],
                names={data["region_code"]: data["region_name"]} if data["region_name"] else None,
            )
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.filter(username__iexact=data["username"]).first()
            if user is None:
                if not data["display_name"]:
                    form.add_error("display_name", _("新账号请填写姓名。"))
                    transaction.set_rollback(True)
                    return render(
                        request, self.template_name, self.context(reviewer_form=form), status=400
                    )
                user = services.create_user(
                    username=data["username"],
                    display_name=data["display_name"],
                    email=data["email"],
                )
                url = services.send_invitation(user)
            RegionReviewer.objects.get_or_create(user=user, region=region)
        messages.success(
            request,
            _("%(user)s 已可只读查看%(region)s的全部社区。")
            % {"user": user, "region": region.name or region.code},
        )
        if url:
            return render(
                request,
                "committee/platform_created.html",
                {"account": user, "setup_url": url, "region": region},
            )
        return redirect("platform")
