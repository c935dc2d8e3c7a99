"""Management reviews (评审) with their improvement decisions, which become corrective actions."""

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from safecommunity.tenancy import CommunityMixin
from safecommunity.views import (
    CommunityCreateView,
    CommunityDeleteView,
    CommunityDetailView,
    CommunityListView,
    CommunityUpdateView,
)

from .. import selectors
from ..forms import ManagementReviewForm, ReviewDecisionFormSet
from ..models import ManagementReview
from ..services import reviews as services


class ReviewList(CommunityListView):
    model = ManagementReview
    template_name = "archive/review_list.html"
    search_fields = ("title", "conclusions", "participants")
    create_url_name = "archive:review_create"
    title = gettext_lazy("管理评审")

    def base_queryset(self):
        return selectors.reviews(self.community)


class ReviewDetail(CommunityDetailView):
    model = ManagementReview
    template_name = "archive/review_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.community.slug
        context["edit_url"] = reverse("archive:review_update", args=[slug, self.object.pk])
        context["delete_url"] = reverse("archive:review_delete", args=[slug, self.object.pk])
        context["decisions"] = selectors.review_decisions(self.object)
        context["reports"] = self.object.reports.all()
        context["members"] = self.object.participant_members.all()
        context["pending_actions"] = sum(1 for d in context["decisions"] if not d.has_action)
        return context


class ReviewFormMixin:
    model = ManagementReview
    form_class = ManagementReviewForm
    template_name = "archive/review_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "formset" not in context:
            context["formset"] = self.build_formset()
        return context

    def build_formset(self):
        instance = self.object if getattr(self, "object", None) else ManagementReview()
        return ReviewDecisionFormSet(
            self.request.POST or None, instance=instance, prefix="decisions"
        )

    def form_valid(self, form):
        form.instance.community = self.community
        if not form.instance.pk:
            form.instance.created_by = self.request.user
        formset = ReviewDecisionFormSet(
            self.request.POST, instance=form.instance, prefix="decisions"
        )
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        with transaction.atomic():
            self.object = form.save()
            for decision in formset.save(commit=False):
                decision.community = self.community
                decision.review = self.object
                decision.save()
            for decision in formset.deleted_objects:
                decision.delete()
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(self.object.get_absolute_url())


class ReviewCreate(ReviewFormMixin, CommunityCreateView):
    pass


class ReviewUpdate(ReviewFormMixin, CommunityUpdateView):
    pass


class ReviewDelete(CommunityDeleteView):
    model = ManagementReview
    success_url_name = "archive:review_list"


class ReviewActions(CommunityMixin, View):
    """POST: turn the review's decisions into tracked corrective actions (hazards app)."""

    requires_edit = True

    def post(self, request, *args, **kwargs):
        review = get_object_or_404(ManagementReview, community=self.community, pk=kwargs["pk"])
        try:
            created = services.create_corrective_actions(review, user=request.user)
        except ImproperlyConfigured as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            if created:
                messages.success(
                    request,
                    _("已生成 %(n)s 项纠正措施，可在“纠正与预防措施”中跟踪。") % {"n": created},
                )
            else:
                messages.info(request, _("所有改进决定均已转为纠正措施。"))
        return HttpResponseRedirect(review.get_absolute_url())
