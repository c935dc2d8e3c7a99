"""The office's alert settings: group robots and SMS, which reminders go where, test messages
and the delivery log (``committee.alerts``)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from safecommunity.tenancy import OFFICE_ONLY, CommunityMixin

from ..alerts import services
from ..alerts.forms import AlertChannelForm
from ..alerts.models import AlertChannel, AlertDelivery
from ..choices import AlertKind, AlertStatus

RECENT = 30


class AlertMixin(CommunityMixin):
    view_roles = OFFICE_ONLY

    def channel(self, pk):
        return get_object_or_404(AlertChannel, community=self.community, pk=pk)

    def back(self):
        return redirect("committee:alerts", community=self.community.slug)


class AlertSettings(AlertMixin, View):
    def render(self, form):
        channels = list(AlertChannel.objects.filter(community=self.community))
        matrix = [
            (kind, label, [(channel, kind in channel.kinds) for channel in channels])
            for kind, label in AlertKind.choices
        ]
        deliveries = (
            AlertDelivery.objects.filter(community=self.community)
            .select_related("channel")
            .order_by("-created_at", "-pk")[:RECENT]
        )
        return render(
            self.request,
            "committee/alerts.html",
            {
                "community": self.community,
                "membership": self.membership,
                "title": _("提醒渠道"),
                "channels": channels,
                "matrix": matrix,
                "deliveries": deliveries,
                "form": form,
            },
        )

    def get(self, request, community):
        return self.render(AlertChannelForm(community=self.community, user=request.user))

    def post(self, request, community):
        """The kind × channel matrix."""
        selected = []
        for value in request.POST.getlist("route"):
            pk, _sep, kind = value.partition(":")
            if pk.isdigit():
                selected.append((pk, kind))
        services.save_routes(self.community, selected)
        messages.success(request, _("提醒类别的发送渠道已保存。"))
        return self.back()


class AlertChannelCreate(AlertSettings):
    http_method_names = ["post"]

    def post(self, request, community):
        form = AlertChannelForm(request.POST, community=self.community, user=request.user)
        if not form.is_valid():
            return self.render(form)
        channel = form.save(commit=False)
        channel.community = self.community
        channel.kinds = list(AlertKind.values)  # everything until the office narrows it
        channel.save()
        messages.success(
            request,
            _("渠道“%(name)s”已保存，可以发送测试消息检查配置。") % {"name": channel.name},
        )
        return self.back()


class AlertChannelUpdate(AlertMixin, View):
    def page(self, form, channel):
        return render(
            self.request,
            "committee/alerts_channel_form.html",
            {
                "community": self.community,
                "membership": self.membership,
                "title": _("修改提醒渠道"),
                "form": form,
                "channel": channel,
            },
        )

    def get(self, request, community, pk):
        channel = self.channel(pk)
        return self.page(AlertChannelForm(instance=channel, community=self.community), channel)

    def post(self, request, community, pk):
        channel = self.channel(pk)
        form = AlertChannelForm(request.POST, instance=channel, community=self.community)
        if not form.is_valid():
            return self.page(form, channel)
        form.save()
        messages.success(request, _("渠道“%(name)s”已保存。") % {"name": channel.name})
        return self.back()


class AlertChannelToggle(AlertMixin, View):
    http_method_names = ["post"]

    def post(self, request, community, pk):
        channel = self.channel(pk)
        channel.is_active = not channel.is_active
        channel.save(update_fields=["is_active"])
        if channel.is_active:
            messages.success(request, _("渠道“%(name)s”已启用。") % {"name": channel.name})
        else:
            messages.success(request, _("渠道“%(name)s”已停用。") % {"name": channel.name})
        return self.back()


class AlertChannelDelete(AlertMixin, View):
    http_method_names = ["post"]

    def post(self, request, community, pk):
        channel = self.channel(pk)
        channel.delete()
        messages.success(request, _("渠道“%(name)s”已删除。") % {"name": channel.name})
        return self.back()


class AlertChannelTest(AlertMixin, View):
    http_method_names = ["post"]

    def post(self, request, community, pk):
        channel = self.channel(pk)
        delivery = services.send_test(channel)
        delivery.refresh_from_db()  # eager mode (tests, make run without a worker) sent it
        if delivery.status == AlertStatus.SENT:
            messages.success(request, _("测试消息已送达“%(name)s”。") % {"name": channel.name})
        elif delivery.status == AlertStatus.FAILED:
            messages.error(
                request,
                _("测试消息发送失败：%(response)s") % {"response": delivery.response},
            )
        else:
            messages.info(request, _("测试消息已排队发送，结果见下方发送记录。"))
        return self.back()
