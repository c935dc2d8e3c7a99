"""Views of the committee app: the community home, organisation (element 1), communication and
participation (element 2), users and roles, notifications and the health check."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from safecommunity import charts
from safecommunity.attachments import AttachmentsOnCreateMixin
from safecommunity.elements import Element
from safecommunity.evidence import element_statuses, member_tasks
from safecommunity.forms import keep_refused_input, step_form
from safecommunity.importing import ExportView, ImportView
from safecommunity.tenancy import OFFICE_ONLY, CommunityMixin, user_communities
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    KeptContentMixin,
)

from .. import forms, models, selectors, services
from ..choices import TASK_HOME_ROLES, Phase, Role
from ..filters import MeetingFilter, MemberFilter, PartnerFilter, WorkingGroupFilter
from ..personal import forget_unread
from ..resources import MemberResource, PartnerResource, WorkingGroupResource
from ..setup import is_new, setup_steps
from .setup import PhaseImport, PopulationImport, ProfileImport, Setup  # noqa: F401


@never_cache
def health(request):
    """For load balancers: no login, no data; 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})


def minimal_page(request):
    """A minimal template page with no data, the yardstick `make bench` compares pages to."""
    return render(request, "minimal.html")


@login_required
def home(request):
    communities = list(user_communities(request.user))
    if len(communities) == 1:
        return redirect(communities[0].get_absolute_url())
    return render(request, "committee/choose_community.html", {"communities": communities})


# Roles whose overview carries a to-do panel.
TODO_PANEL_ROLES = frozenset({Role.OFFICE, Role.MEMBER})


class CommunityHome(KeptContentMixin, CommunityMixin, TemplateView):
    """Each role's home. Leaders, group members and injury reporters land on their own to-do
    lists ("我的任务"); the office, committee members and reviewers on the twelve elements with
    the real count of records behind each and what is missing, the office and committee members
    with a short to-do panel beside it. ``overview=True`` is the overview for every reader."""

    template_name = "committee/home.html"
    view_roles = READ_AND_REPORTER = frozenset(Role.values)
    overview = False

    def get_template_names(self):
        if self.shows_tasks:
            return ["committee/my_tasks.html"]
        return [self.template_name]

    @property
    def shows_tasks(self):
        return not self.overview and self.membership.role in TASK_HOME_ROLES

    def get_context_data(self, **kwargs):
        if self.kept_html is not None:
            return super().get_context_data(**kwargs)
        if self.shows_tasks:
            context = super().get_context_data(**kwargs)
            context["task_lists"] = member_tasks(self.community, self.membership)
            context["is_reporter"] = self.membership.role == Role.REPORTER
            return context
        context = self.overview_context(**kwargs)
        if self.membership.role in TODO_PANEL_ROLES:
            context["todo_lists"] = [
                t for t in member_tasks(self.community, self.membership) if t.total
            ]
        return context

    def overview_context(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statuses = element_statuses(self.community)
        elements = []
        for number in Element.values:
            items = statuses[number]
            for item in items:
                item.url = (
                    reverse(item.url_name, kwargs={"community": self.community.slug})
                    if item.url_name
                    else ""
                )
            total = sum(i.count for i in items)
            missing = [m for i in items for m in i.missing]
            state = "missing" if total == 0 else ("partial" if missing else "ok")
            elements.append(
                {
                    "number": number,
                    "label": Element(number).label,
                    "items": items,
                    "total": total,
                    "missing": missing,
                    "state": state,
                }
            )
        context["elements"] = elements
        context["ready_count"] = sum(1 for e in elements if e["state"] == "ok")
        # A community that has just started is shown what to enter first, not twelve zero cards.
        context["empty"] = not any(e["total"] for e in elements)
        if self.membership.role == Role.OFFICE:
            steps = setup_steps(self.community)
            if is_new(steps):
                context["setup_steps"] = steps
        context["phases"] = {p.phase: p for p in self.community.phases.all()}
        context["phase_list"] = [
            (value, label, context["phases"].get(value)) for value, label in Phase.choices
        ]
        context["elements_chart"] = charts.bar_chart(
            [f"{e['number']}" for e in elements],
            [e["total"] for e in elements],
            title=_("各要素记录数"),
            unit=_("条"),
        )
        return context


# Organisation (element 1) -------------------------------------------------------------------


class Profile(KeptContentMixin, CommunityMixin, TemplateView):
    template_name = "committee/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kept_html is not None:
            return context
        community = self.community
        context["phases"] = community.phases.all()
        years = {}
        for cell in community.population_years.all():
            years.setdefault(cell.year, {}).setdefault(cell.sex, {})[cell.age_group] = cell.count
        context["can_edit"] = self.membership.role in OFFICE_ONLY
        from ..choices import AgeGroup, Sex

        # Per year a row per sex with a cell per age group ("" where nothing is registered),
        # laid out here rather than searched for in the template's nested loops.
        context["population_years"] = [
            (
                year,
                [
                    (sex_label, [cells.get(sex, {}).get(age, "") for age in AgeGroup.values])
                    for sex, sex_label in Sex.choices
                ],
            )
            for year, cells in sorted(years.items(), reverse=True)
        ]
        context["age_groups"] = AgeGroup.choices
        return context


class ProfileUpdate(CommunityUpdateView):
    model = models.Community
    form_class = forms.CommunityProfileForm

    def get_queryset(self):
        return models.Community.objects.filter(pk=self.community.pk)

    def get_object(self, queryset=None):
        return self.community

    def get_success_url(self):
        return reverse("committee:profile", kwargs={"community": self.community.slug})


class PhaseUpdate(CommunityUpdateView):
    model = models.CreationPhase
    form_class = forms.CreationPhaseForm

    def get_success_url(self):
        return reverse("committee:profile", kwargs={"community": self.community.slug})


class PhaseCreate(CommunityCreateView):
    model = models.CreationPhase
    form_class = forms.CreationPhaseForm

    def get_success_url(self):
        return reverse("committee:profile", kwargs={"community": self.community.slug})


class PopulationCreate(CommunityCreateView):
    model = models.PopulationYear
    form_class = forms.PopulationYearForm

    def get_success_url(self):
        return reverse("committee:profile", kwargs={"community": self.community.slug})


class ProfilePdf(CommunityMixin, View):
    """One-click community profile PDF: committee, groups, members, duties."""

    def get(self, request, *args, **kwargs):
        community = self.community
        context = {
            "community": community,
            "members": selectors.members(community).filter(is_active=True),
            "groups": selectors.working_groups(community).prefetch_related("memberships__member"),
            "phases": community.phases.all(),
            "partners": community.partners.all(),
            "generated_at": timezone.localtime(),
        }
        from safecommunity.pdf import render_pdf

        pdf = render_pdf("pdf/community_profile.html", context)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="profile-{community.slug}.pdf"'
        return response


class MemberList(CommunityListView):
    model = models.Member
    filterset_class = MemberFilter
    search_fields = ("name", "unit", "position")
    create_url_name = "committee:member_create"
    template_name = "committee/member_list.html"
    columns = (
        (gettext_lazy("姓名"), "name"),
        (gettext_lazy("单位/部门"), "unit"),
        (gettext_lazy("职务"), "position"),
        (gettext_lazy("委员会职务"), "committee_role"),
        (gettext_lazy("联系电话"), "phone"),
    )

    def base_queryset(self):
        return selectors.members(self.community)


class MemberDetail(CommunityDetailView):
    model = models.Member
    template_name = "committee/member_detail.html"


class MemberCreate(CommunityCreateView):
    model = models.Member
    form_class = forms.MemberForm


class MemberUpdate(CommunityUpdateView):
    model = models.Member
    form_class = forms.MemberForm


class MemberDelete(CommunityDeleteView):
    model = models.Member
    success_url_name = "committee:member_list"


class GroupList(CommunityListView):
    model = models.WorkingGroup
    filterset_class = WorkingGroupFilter
    search_fields = ("name", "lead_unit", "duties")
    create_url_name = "committee:group_create"
    template_name = "committee/group_list.html"

    def base_queryset(self):
        return selectors.working_groups(self.community)


class GroupDetail(CommunityDetailView):
    model = models.WorkingGroup
    template_name = "committee/group_detail.html"

    def owner_group(self, obj):
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group_memberships"] = self.object.memberships.select_related("member")
        context["subgroups"] = self.object.subgroups.all()
        context["member_form"] = step_form(
            self.request, self.object, forms.GroupMemberForm, community=self.community
        )
        context["meetings"] = self.object.meetings.all()[:10]
        context["can_manage"] = self.membership.role == Role.OFFICE
        return context


class GroupCreate(CommunityCreateView):
    model = models.WorkingGroup
    form_class = forms.WorkingGroupForm


class GroupUpdate(CommunityUpdateView):
    model = models.WorkingGroup
    form_class = forms.WorkingGroupForm


class GroupDelete(CommunityDeleteView):
    model = models.WorkingGroup
    success_url_name = "committee:group_list"


class GroupMemberAdd(CommunityMixin, View):
    requires_edit = True

    def post(self, request, *args, **kwargs):
        group = get_object_or_404(models.WorkingGroup, community=self.community, pk=kwargs["pk"])
        form = forms.GroupMemberForm(request.POST, community=self.community)
        if form.is_valid():
            services.set_group_member(
                group=group, member=form.cleaned_data["member"], role=form.cleaned_data["role"]
            )
            messages.success(request, _("已更新工作组成员。"))
        else:
            messages.error(request, _("请选择本社区的成员和组内职务。"))
            keep_refused_input(request, group, forms.GroupMemberForm)
        return redirect(group.get_absolute_url())


class GroupMemberRemove(CommunityMixin, View):
    requires_edit = True

    def post(self, request, *args, **kwargs):
        group = get_object_or_404(models.WorkingGroup, community=self.community, pk=kwargs["pk"])
        member = get_object_or_404(models.Member, community=self.community, pk=kwargs["member"])
        services.remove_group_member(group=group, member=member)
        messages.success(request, _("已移出工作组。"))
        return redirect(group.get_absolute_url())


# Communication and participation (element 2) -------------------------------------------------


class PartnerList(CommunityListView):
    model = models.Partner
    filterset_class = PartnerFilter
    search_fields = ("name", "contact_person", "contribution")
    create_url_name = "committee:partner_create"
    template_name = "committee/partner_list.html"
    columns = (
        (gettext_lazy("单位名称"), "name"),
        (gettext_lazy("类别"), "kind"),
        (gettext_lazy("联系人"), "contact_person"),
        (gettext_lazy("联系电话"), "phone"),
        (gettext_lazy("参与内容与贡献"), "contribution"),
    )


class PartnerDetail(CommunityDetailView):
    model = models.Partner

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edit_url"] = reverse(
            "committee:partner_update", args=[self.community.slug, self.object.pk]
        )
        context["delete_url"] = reverse(
            "committee:partner_delete", args=[self.community.slug, self.object.pk]
        )
        return context


class PartnerCreate(CommunityCreateView):
    model = models.Partner
    form_class = forms.PartnerForm


class PartnerUpdate(CommunityUpdateView):
    model = models.Partner
    form_class = forms.PartnerForm


class PartnerDelete(CommunityDeleteView):
    model = models.Partner
    success_url_name = "committee:partner_list"


class VolunteerList(CommunityListView):
    model = models.Volunteer
    search_fields = ("name", "team", "skills")
    create_url_name = "committee:volunteer_create"
    columns = (
        (gettext_lazy("姓名/队伍"), "name"),
        (gettext_lazy("所属队伍"), "team"),
        (gettext_lazy("联系电话"), "phone"),
        (gettext_lazy("专长"), "skills"),
        (gettext_lazy("加入日期"), "joined"),
    )


class VolunteerDetail(CommunityDetailView):
    model = models.Volunteer

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edit_url"] = reverse(
            "committee:volunteer_update", args=[self.community.slug, self.object.pk]
        )
        context["delete_url"] = reverse(
            "committee:volunteer_delete", args=[self.community.slug, self.object.pk]
        )
        return context


class VolunteerCreate(CommunityCreateView):
    model = models.Volunteer
    form_class = forms.VolunteerForm


class VolunteerUpdate(CommunityUpdateView):
    model = models.Volunteer
    form_class = forms.VolunteerForm


class VolunteerDelete(CommunityDeleteView):
    model = models.Volunteer
    success_url_name = "committee:volunteer_list"


class ParticipationList(CommunityListView):
    model = models.Participation
    search_fields = ("description",)
    create_url_name = "committee:participation_create"
    columns = (
        (gettext_lazy("日期"), "date"),
        (gettext_lazy("类型"), "kind"),
        (gettext_lazy("内容"), "description"),
        (gettext_lazy("志愿者"), "volunteer"),
        (gettext_lazy("合作单位"), "partner"),
        (gettext_lazy("参与人数"), "participants"),
    )

    def base_queryset(self):
        return super().base_queryset().select_related("volunteer", "partner")


class ParticipationDetail(CommunityDetailView):
    model = models.Participation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edit_url"] = reverse(
            "committee:participation_update", args=[self.community.slug, self.object.pk]
        )
        context["delete_url"] = reverse(
            "committee:participation_delete", args=[self.community.slug, self.object.pk]
        )
        return context


class ParticipationCreate(CommunityCreateView):
    model = models.Participation
    form_class = forms.ParticipationForm

    def get_initial(self):
        return {"date": timezone.localdate()}


class ParticipationUpdate(CommunityUpdateView):
    model = models.Participation
    form_class = forms.ParticipationForm


class ParticipationDelete(CommunityDeleteView):
    model = models.Participation
    success_url_name = "committee:participation_list"


class MeetingList(CommunityListView):
    model = models.Meeting
    filterset_class = MeetingFilter
    search_fields = ("title", "agenda", "minutes", "decisions")
    create_url_name = "committee:meeting_create"
    template_name = "committee/meeting_list.html"

    def base_queryset(self):
        return selectors.meetings(self.community)


class MeetingDetail(CommunityDetailView):
    model = models.Meeting
    template_name = "committee/meeting_detail.html"


class MeetingCreate(AttachmentsOnCreateMixin, CommunityCreateView):
    model = models.Meeting
    form_class = forms.MeetingForm

    def get_initial(self):
        return {"date": timezone.localdate()}


class MeetingUpdate(CommunityUpdateView):
    model = models.Meeting
    form_class = forms.MeetingForm


class MeetingDelete(CommunityDeleteView):
    model = models.Meeting
    success_url_name = "committee:meeting_list"


# Import / export -----------------------------------------------------------------------------


class MemberImport(ImportView):
    resource_class = MemberResource
    title = gettext_lazy("导入委员会成员")
    success_url_name = "committee:member_list"


class MemberExport(ExportView):
    resource_class = MemberResource
    filename = "members"


class GroupImport(ImportView):
    resource_class = WorkingGroupResource
    title = gettext_lazy("导入工作组")
    success_url_name = "committee:group_list"


class GroupExport(ExportView):
    resource_class = WorkingGroupResource
    filename = "working-groups"


class PartnerImport(ImportView):
    resource_class = PartnerResource
    title = gettext_lazy("导入合作单位")
    success_url_name = "committee:partner_list"


class PartnerExport(ExportView):
    resource_class = PartnerResource
    filename = "partners"


# Users and roles (office only) ---------------------------------------------------------------


class UserList(CommunityMixin, TemplateView):
    template_name = "committee/user_list.html"
    view_roles = OFFICE_ONLY
    edit_roles = OFFICE_ONLY

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = selectors.memberships(self.community)
        context["form"] = kwargs.get("form") or forms.NewUserForm(community=self.community)
        context["assign_form"] = kwargs.get("assign_form") or forms.AssignRoleForm(
            community=self.community, prefix="assign"
        )
        context["roles"] = Role.choices
        return context

    def post(self, request, *args, **kwargs):
        if "assign-username" in request.POST:
            return self.assign_role(request)
        form = forms.NewUserForm(request.POST, community=self.community)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            user = services.create_user(
                username=data["username"],
                display_name=data["display_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password"],
                community=self.community,
                role=data["role"],
            )
        except ValidationError as exc:
            form.add_error("username", exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if not data["password"]:
            services.send_invitation(user, community=self.community, invited_by=request.user)
            if user.email:
                messages.success(
                    request,
                    _("已创建 %(user)s，设置密码的链接已发到 %(email)s。")
                    % {"user": user, "email": user.email},
                )
            else:
                messages.success(
                    request, _("已创建 %(user)s。请打印设置链接交给本人。") % {"user": user}
                )
        else:
            messages.success(
                request, _("已创建 %(user)s。本人用初始密码登录后须修改密码。") % {"user": user}
            )
        membership = user.memberships.get(community=self.community)
        return redirect(
            "committee:membership_link", community=self.community.slug, pk=membership.pk
        )

    def assign_role(self, request):
        form = forms.AssignRoleForm(request.POST, community=self.community, prefix="assign")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(assign_form=form), status=400)
        services.grant_role(
            user=form.user, community=self.community, role=form.cleaned_data["role"]
        )
        messages.success(request, _("已为 %(user)s 设置角色。") % {"user": form.user})
        return redirect("committee:user_list", community=self.community.slug)


class MembershipMixin(CommunityMixin):
    view_roles = OFFICE_ONLY
    edit_roles = OFFICE_ONLY

    def get_membership_object(self):
        return get_object_or_404(
            models.Membership.objects.select_related("user"),
            community=self.community,
            pk=self.kwargs["pk"],
        )


class MembershipUpdate(MembershipMixin, View):
    requires_edit = True

    def post(self, request, *args, **kwargs):
        membership = self.get_membership_object()
        own = membership.user_id == request.user.pk
        if "remove" in request.POST:
            if own:
                messages.error(request, _("不能移除自己的角色。"))
            else:
                membership.delete()
                messages.success(request, _("已移除角色。"))
        elif "active" in request.POST:
            return self.set_active(request, membership, request.POST["active"] == "1")
        else:
            form = forms.MembershipRoleForm(
                request.POST, instance=membership, community=self.community
            )
            if form.is_valid():
                form.save()
                messages.success(request, _("已更新角色。"))
        return redirect("committee:user_list", community=self.community.slug)

    def set_active(self, request, membership, active):
        user = membership.user
        if membership.user_id == request.user.pk:
            messages.error(request, _("不能停用自己的账号。"))
        elif user.is_superuser or user.memberships.exclude(community=self.community).exists():
            # The account also works elsewhere: this office may only take away its own role.
            messages.error(
                request, _("该账号在其他社区也有角色，不能在这里停用；可以移除其在本社区的角色。")
            )
        else:
            services.set_active(user, active)
            if active:
                messages.success(request, _("已启用 %(user)s。") % {"user": user})
            else:
                messages.success(
                    request,
                    _("已停用 %(user)s：不能再登录，组长权限已收回，其记录和历史保留。")
                    % {"user": user},
                )
        return redirect("committee:user_list", community=self.community.slug)


class MembershipLink(MembershipMixin, TemplateView):
    """A printable page with the user's one-time setup link (for people without e-mail)."""

    template_name = "committee/user_link.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.get_membership_object()
        context["target"] = membership
        if membership.user.is_active and not membership.user.has_usable_password():
            context["setup_url"] = services.setup_url(membership.user)
        context["valid_days"] = settings.PASSWORD_RESET_TIMEOUT // 86400
        return context

    def post(self, request, *args, **kwargs):
        """Reset a forgotten password: the old one stops working and a new setup link is shown."""
        membership = self.get_membership_object()
        user = membership.user
        if user.pk == request.user.pk or user.is_superuser or not user.is_active:
            raise PermissionDenied
        if user.memberships.exclude(community=self.community).exists():
            messages.error(request, _("该账号在其他社区也有角色，请本人用“忘记密码”重设。"))
            return redirect("committee:user_list", community=self.community.slug)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        services.send_invitation(user, community=self.community, invited_by=request.user)
        messages.success(
            request, _("已为 %(user)s 生成新的设置链接，原密码已失效。") % {"user": user}
        )
        return redirect(
            "committee:membership_link", community=self.community.slug, pk=membership.pk
        )


# Notifications -------------------------------------------------------------------------------


@login_required
def notification_list(request):
    notifications = request.user.notifications.select_related("community")[:100]
    return render(request, "committee/notifications.html", {"notifications": notifications})


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(models.Notification, pk=pk, user=request.user)
    notification.read_at = notification.read_at or timezone.now()
    notification.save(update_fields=["read_at"])
    if notification.url and notification.url.startswith("/"):
        return redirect(notification.url)
    return redirect("notifications")


@login_required
@require_POST
def notification_read_all(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    forget_unread(request.user.pk)  # update() sends no signal
    return redirect("notifications")
