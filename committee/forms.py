from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from safecommunity.forms import CommunityModelForm, style_widgets

from . import models, regions
from .choices import Role


class CommunityProfileForm(CommunityModelForm):
    class Meta:
        model = models.Community
        fields = [
            "name",
            "kind",
            "area_code",
            "parent_area",
            "population",
            "households",
            "area_km2",
            "target_level",
            "address",
            "introduction",
        ]

    def clean_area_code(self):
        code = self.cleaned_data["area_code"].strip()
        return regions.validate_area_code(code) if code else ""

    def save(self, commit=True):
        """The region follows the area code (a new code moves the community to its reviewers)."""
        self.instance.region = regions.region_for_community(self.instance)
        return super().save(commit=commit)


class CreationPhaseForm(CommunityModelForm):
    class Meta:
        model = models.CreationPhase
        fields = ["phase", "planned_start", "planned_end", "actual_start", "actual_end", "notes"]
        widgets = {
            f: forms.DateInput()
            for f in ["planned_start", "planned_end", "actual_start", "actual_end"]
        }


class PopulationYearForm(CommunityModelForm):
    class Meta:
        model = models.PopulationYear
        fields = ["year", "sex", "age_group", "count"]


class MemberForm(CommunityModelForm):
    class Meta:
        model = models.Member
        fields = [
            "name",
            "unit",
            "position",
            "committee_role",
            "phone",
            "email",
            "duties",
            "user",
            "is_active",
        ]


class WorkingGroupForm(CommunityModelForm):
    class Meta:
        model = models.WorkingGroup
        fields = ["name", "kind", "safety_area", "parent", "lead_unit", "duties"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )


class GroupMemberForm(forms.Form):
    member = forms.ModelChoiceField(label=_("成员"), queryset=models.Member.objects.none())
    role = forms.ChoiceField(label=_("组内职务"), choices=models.GroupRole.choices)

    def __init__(self, *args, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = models.Member.objects.filter(
            community=community, is_active=True
        )
        style_widgets(self)


class PartnerForm(CommunityModelForm):
    class Meta:
        model = models.Partner
        fields = ["name", "kind", "contact_person", "phone", "contribution", "since"]
        widgets = {"since": forms.DateInput()}


class VolunteerForm(CommunityModelForm):
    class Meta:
        model = models.Volunteer
        fields = ["name", "team", "phone", "skills", "is_expert", "joined"]
        widgets = {"joined": forms.DateInput()}


class ParticipationForm(CommunityModelForm):
    class Meta:
        model = models.Participation
        fields = ["date", "kind", "description", "volunteer", "partner", "participants", "hours"]
        widgets = {"date": forms.DateInput()}


class MeetingForm(CommunityModelForm):
    """出席人数 is the ticked members plus the others present (residents, guests): computed here,
    so it follows the ticks with or without the page's script (which shows it as one ticks)."""

    other_attendees = forms.IntegerField(
        label=_("其他出席人数"),
        min_value=0,
        required=False,
        help_text=_("未列入成员名单的出席人员，如居民代表、列席单位。"),
    )

    class Meta:
        model = models.Meeting
        fields = [
            "date",
            "kind",
            "title",
            "location",
            "working_group",
            "chair",
            "attendees",
            "other_attendees",
            "attendee_count",
            "agenda",
            "minutes",
            "decisions",
        ]
        widgets = {"date": forms.DateInput()}
        help_texts = {"attendee_count": _("自动计算：勾选的出席成员加其他出席人数。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            named = self.instance.attendees.count()
            self.initial.setdefault("other_attendees", max(self.instance.attendee_count - named, 0))
        else:
            self.initial.setdefault("other_attendees", 0)
        count = self.fields["attendee_count"]
        count.required = False
        count.widget.attrs.update({"readonly": True, "data-sum-of": "attendees other_attendees"})

    def clean(self):
        cleaned = super().clean()
        attendees = cleaned.get("attendees") or []
        cleaned["attendee_count"] = len(attendees) + (cleaned.get("other_attendees") or 0)
        return cleaned


class NewUserForm(forms.Form):
    """The office creates a user account with a role in its community."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=60)
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        help_text=_("填写后，设置密码的链接会发到此邮箱；也可以打印链接交给本人。"),
    )
    phone = forms.CharField(label=_("电话"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text=_("可留空：本人用设置链接自己设密码。填写则本人首次登录时必须修改。"),
    )

    def __init__(self, *args, community=None, **kwargs):
        self.community = community
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_username(self):
        from .services import username_taken

        username = self.cleaned_data["username"].strip()
        if username_taken(username):
            raise forms.ValidationError(
                _(
                    "用户名“%(username)s”已被使用。如要给已有账号分配本社区角色，请用下方“为已有账号分配角色”。"
                ),
                code="username_taken",
                params={"username": username},
            )
        return username

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            validate_password(password)
        return password


class AssignRoleForm(forms.Form):
    """Give an account that already exists (e.g. staff of a neighbouring community) a role here."""

    username = forms.CharField(label=_("已有账号的用户名"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)

    def __init__(self, *args, community=None, **kwargs):
        self.community = community
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("没有用户名为“%(username)s”的有效账号。"), params={"username": username}
            )
        if user.memberships.filter(community=self.community).exists():
            raise forms.ValidationError(_("该账号在本社区已有角色，请在上方列表中修改。"))
        self.user = user
        return username


class MembershipRoleForm(CommunityModelForm):
    class Meta:
        model = models.Membership
        fields = ["role"]
