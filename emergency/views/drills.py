"""Drills: list, page with participants, evaluation, problems and photos; the steps that add
problems (turned into corrective actions) and photos."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.choices import Role
from safecommunity.attachments import AttachmentsOnCreateMixin
from safecommunity.display import label_choices
from safecommunity.files import StoredFileView
from safecommunity.forms import step_form
from safecommunity.tenancy import OFFICE_AND_LEADERS
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
    CreatorMixin,
    DetailFieldsMixin,
    InlineRowsMixin,
)
from safecommunity.workflow import WorkflowStepView

from .. import selectors, services
from ..filters import DrillFilter
from ..forms import DrillForm, ParticipantFormSet, PhotoForm, ProblemForm
from ..models import Drill, DrillPhoto, DrillProblem


class DrillList(CommunityListView):
    model = Drill
    template_name = "emergency/drill_list.html"
    filterset_class = DrillFilter
    search_fields = ("title", "place", "organiser", "scenario")
    create_url_name = "emergency:drill_create"
    edit_roles = OFFICE_AND_LEADERS
    title = gettext_lazy("应急演练")

    def base_queryset(self):
        return selectors.drill_list(self.community)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        label_choices(context["object_list"], "drill_type", "status", "rating")
        return context


class DrillDetail(DetailFieldsMixin, CommunityDetailView):
    model = Drill
    template_name = "emergency/drill_detail.html"
    edit_roles = OFFICE_AND_LEADERS
    detail_fields = [
        "drill_type",
        "status",
        "date",
        "start_time",
        "end_time",
        "place",
        "organiser",
        "working_group",
        "participants",
        "evaluator",
    ]

    def get_queryset(self):
        return selectors.drills(self.community).select_related("created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        drill = self.object
        slug = self.community.slug
        problems = list(selectors.drill_problems(drill))
        context.update(
            participant_groups=drill.participant_groups.all(),
            problems=problems,
            closed_count=sum(1 for p in problems if p.is_closed),
            photos=drill.photos.all(),
            timeline_steps=[line for line in drill.timeline.splitlines() if line.strip()],
            problem_form=step_form(
                self.request, self.object, ProblemForm, initial={"raise_action": True}
            ),
            photo_form=step_form(self.request, self.object, PhotoForm),
            can_add_problem=context["can_edit"] and drill.is_held,
        )
        if context["can_edit"]:
            context["edit_url"] = reverse("emergency:drill_update", args=[slug, drill.pk])
        if self.membership.role == Role.OFFICE:
            context["delete_url"] = reverse("emergency:drill_delete", args=[slug, drill.pk])
        return context


class DrillFormMixin(CreatorMixin, InlineRowsMixin):
    model = Drill
    form_class = DrillForm
    formset_class = ParticipantFormSet
    formset_prefix = "participants"
    edit_roles = OFFICE_AND_LEADERS
    template_name = "emergency/drill_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["membership"] = self.membership
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        plan_pk = self.request.GET.get("plan", "")
        if plan_pk.isdigit():
            plan = selectors.live_plans(self.community).filter(pk=plan_pk).first()
            if plan is not None:
                initial.update(
                    plan=plan,
                    title=_("%(plan)s演练") % {"plan": plan.title},
                    organiser=plan.owner_unit,
                    working_group=plan.working_group,
                )
        return initial

    def after_save(self, drill):
        services.refresh_participants(drill)


class DrillCreate(AttachmentsOnCreateMixin, DrillFormMixin, CommunityCreateView):
    pass


class DrillUpdate(DrillFormMixin, CommunityUpdateView):
    pass


class DrillDelete(CommunityDeleteView):
    model = Drill
    success_url_name = "emergency:drill_list"

    def form_valid(self, form):
        if self.object.problems.filter(action__isnull=False).exists():
            messages.error(self.request, _("该演练发现的问题已转为纠正措施，不能删除演练记录。"))
            return redirect(self.object.get_absolute_url())
        return super().form_valid(form)


# Steps on a drill ---------------------------------------------------------------------------


class ProblemAdd(WorkflowStepView):
    """Record a problem found by the drill's evaluation (and open its corrective action)."""

    model = Drill
    form_class = ProblemForm
    edit_roles = OFFICE_AND_LEADERS

    def redirect_url(self, drill):
        return f"{drill.get_absolute_url()}#problems"

    def perform(self, drill, form):
        data = dict(form.cleaned_data)
        problem = services.add_problem(drill=drill, user=self.request.user, **data)
        if problem.action_id:
            messages.success(self.request, _("已登记问题，并转为纠正措施跟踪整改。"))
        else:
            messages.success(self.request, _("已登记问题。"))
        return False


class ProblemStep(WorkflowStepView):
    """Steps on one problem; the drill's edit permission governs them."""

    model = DrillProblem
    edit_roles = OFFICE_AND_LEADERS

    def get_queryset(self):
        return super().get_queryset().select_related("drill", "drill__community")

    def owner(self, problem):
        return problem.drill

    def redirect_url(self, problem):
        return f"{problem.drill.get_absolute_url()}#problems"


class ProblemRaise(ProblemStep):
    success_message = gettext_lazy("已转为纠正措施。")

    def perform(self, problem, form):
        services.open_action(problem, user=self.request.user)


class ProblemDelete(ProblemStep):
    success_message = gettext_lazy("已删除问题。")

    def perform(self, problem, form):
        services.delete_problem(problem)


class PhotoAdd(WorkflowStepView):
    model = Drill
    form_class = PhotoForm
    edit_roles = OFFICE_AND_LEADERS
    success_message = gettext_lazy("已上传照片。")

    def redirect_url(self, drill):
        return f"{drill.get_absolute_url()}#photos"

    def perform(self, drill, form):
        services.add_photo(
            drill=drill,
            user=self.request.user,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
        )


class PhotoStepMixin:
    def scoped_photos(self):
        return DrillPhoto.objects.filter(drill__community=self.community).select_related(
            "drill", "drill__community"
        )


class PhotoDelete(PhotoStepMixin, WorkflowStepView):
    model = DrillPhoto
    edit_roles = OFFICE_AND_LEADERS
    success_message = gettext_lazy("已删除照片。")

    def get_queryset(self):
        return self.scoped_photos()

    def owner(self, photo):
        return photo.drill

    def redirect_url(self, photo):
        return f"{photo.drill.get_absolute_url()}#photos"

    def perform(self, photo, form):
        services.delete_photo(photo)


class PhotoImage(PhotoStepMixin, StoredFileView):
    """A drill photo, shown inline after the role check (``thumbnail=True``: a small JPEG)."""

    model = DrillPhoto
    field = "image"

    def get_queryset(self):
        return self.scoped_photos()

    def download_name(self, photo):
        return photo.caption or f"{photo.drill.title}-{photo.pk}"
