"""Self-assessment against the evaluation sheet, and readiness per element."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from safecommunity.elements import Element
from safecommunity.tenancy import CommunityMixin
from safecommunity.views import CommunityCreateView, CommunityDeleteView, KeptContentMixin

from .. import indicators
from ..choices import Grade
from ..forms import AssessmentItemFormSet, AssessmentStartForm, OverrideForm
from ..indicator_facts import community_facts
from ..models import Assessment, AssessmentItem
from ..services import assessment as services
from ..services import judgements
from ..services.isccc import designation_timeline, isccc_indicators


class AssessmentOverview(KeptContentMixin, CommunityMixin, TemplateView):
    """Readiness per element: the evidence held, the gaps, the documents and the latest self-score."""

    template_name = "archive/assessment.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.kept_html is not None:
            context["title"] = _("自评与创建就绪度")
            return context
        assessments = list(
            Assessment.objects.filter(community=self.community).select_related("scheme")[:10]
        )
        latest = assessments[0] if assessments else None
        result = services.assessment_result(latest) if latest else None
        rows = services.readiness(self.community, result)
        context.update(
            title=_("自评与创建就绪度"),
            assessments=assessments,
            latest=latest,
            result=result,
            rows=rows,
            ready=sum(1 for r in rows if r.state == "ready"),
            can_edit=self.membership.role in self.edit_roles,
        )
        return context


class AssessmentCreate(CommunityCreateView):
    model = Assessment
    form_class = AssessmentStartForm

    def get_initial(self):
        return {
            "title": _("%(year)s年安全社区自评") % {"year": self._today().year},
            "date": self._today(),
        }

    def _today(self):
        from django.utils import timezone

        return timezone.localdate()

    def form_valid(self, form):
        data = form.cleaned_data
        previous = (
            Assessment.objects.filter(community=self.community).first()
            if data["copy_previous"]
            else None
        )
        self.object = services.start_assessment(
            community=self.community,
            title=data["title"],
            date=data["date"],
            scheme=data["scheme"],
            user=self.request.user,
            copy_from=previous,
        )
        if data["notes"]:
            self.object.notes = data["notes"]
            self.object.save(update_fields=["notes"])
        messages.success(self.request, _("已创建自评，请逐个要素评分。"))
        return HttpResponseRedirect(self.object.get_absolute_url())


class AssessmentDetail(CommunityMixin, TemplateView):
    template_name = "archive/assessment_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = get_object_or_404(
            Assessment.objects.select_related("scheme"), community=self.community, pk=kwargs["pk"]
        )
        picture = judgements.picture(assessment)
        context.update(
            title=assessment.title,
            assessment=assessment,
            object=assessment,
            picture=picture,
            isccc=isccc_indicators(picture.facts),
            timeline=designation_timeline(picture.facts),
            parts=indicators.PARTS,
            grades=Grade.choices,
            can_edit=self.membership.role in self.edit_roles,
            delete_url=reverse(
                "archive:assessment_delete", args=[self.community.slug, assessment.pk]
            ),
        )
        return context


class AssessmentElementEdit(CommunityMixin, TemplateView):
    """Grade the second-level indicators of one element (有无 / 痕迹 / 效果 and a comment)."""

    template_name = "archive/assessment_element.html"
    requires_edit = True

    def setup_objects(self, **kwargs):
        self.assessment = get_object_or_404(
            Assessment.objects.select_related("scheme"), community=self.community, pk=kwargs["pk"]
        )
        if kwargs["element"] not in Element.values:
            raise Http404
        self.element = kwargs["element"]
        self.items = (
            AssessmentItem.objects.filter(
                assessment=self.assessment, indicator__section__element=self.element
            )
            .select_related("indicator")
            .order_by("indicator__order", "indicator__code")
        )

    def get(self, request, *args, **kwargs):
        self.setup_objects(**kwargs)
        return self.render_to_response(
            self.get_context_data(formset=AssessmentItemFormSet(queryset=self.items), **kwargs)
        )

    def post(self, request, *args, **kwargs):
        self.setup_objects(**kwargs)
        formset = AssessmentItemFormSet(request.POST, queryset=self.items)
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset, **kwargs))
        formset.save()
        messages.success(request, _("已保存要素%(n)s的评分。") % {"n": self.element})
        following = self.element + 1
        if "next" in request.POST and following in Element.values:
            return HttpResponseRedirect(
                reverse(
                    "archive:assessment_element",
                    args=[self.community.slug, self.assessment.pk, following],
                )
            )
        return HttpResponseRedirect(self.assessment.get_absolute_url() + f"#element-{self.element}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        formset = context["formset"]
        context.update(
            title=_("%(title)s · 要素%(n)s 评分")
            % {"title": self.assessment.title, "n": self.element},
            assessment=self.assessment,
            element=self.element,
            element_label=Element(self.element).label,
            rows=list(
                zip([form.instance.indicator for form in formset.forms], formset.forms, strict=True)
            ),
            has_next=self.element < 12,
        )
        return context


class AssessmentDelete(CommunityDeleteView):
    model = Assessment
    success_url_name = "archive:assessment"


class AssessmentJudge(CommunityMixin, View):
    """POST: confirm one proposal, override it (grades and a reason), or confirm all proposals."""

    requires_edit = True

    def post(self, request, *args, **kwargs):
        assessment = get_object_or_404(
            Assessment.objects.select_related("scheme"), community=self.community, pk=kwargs["pk"]
        )
        facts = community_facts(self.community)
        action = kwargs["action"]
        back = assessment.get_absolute_url()
        if action == "confirm-all":
            done = judgements.confirm_all(
                assessment=assessment, proposals=indicators.propose(facts), user=request.user
            )
            messages.success(request, _("已确认 %(n)s 项系统建议。") % {"n": done})
            return HttpResponseRedirect(back)
        item = get_object_or_404(
            AssessmentItem.objects.select_related("indicator"),
            assessment=assessment,
            pk=kwargs["item"],
        )
        proposal = indicators.propose_one(item.indicator.code, facts)
        anchor = f"#indicator-{item.pk}"
        try:
            if action == "confirm":
                judgements.confirm(item=item, proposal=proposal, user=request.user)
                messages.success(
                    request, _("已确认 %(code)s 的建议评分。") % {"code": item.indicator.code}
                )
            elif action == "override":
                form = OverrideForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("改判未保存：请选择三项等级并写明理由。"))
                    return HttpResponseRedirect(back + anchor)
                data = form.cleaned_data
                judgements.override(
                    item=item,
                    grades={p: data[p] for p in indicators.PARTS},
                    reason=data["reason"],
                    user=request.user,
                    proposal=proposal,
                )
                messages.success(
                    request, _("已改判 %(code)s，理由已记入历史。") % {"code": item.indicator.code}
                )
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back + anchor)
