"""Import of cards from CSV/XLSX (office) and export of cards (personal data by role)."""

from django.utils.translation import gettext_lazy as _

from safecommunity.importing import ExportView, ImportView
from safecommunity.tenancy import ALL_ROLES

from .. import selectors
from ..filters import CardFilter
from ..resources import InjuryCardResource, import_cards
from .cards import shows_personal


class CardImport(ImportView):
    """Upload → preview → confirm, as every import page. The confirmation writes in one
    validating pass (``import_cards``) instead of the shared validate-then-write two passes, so
    a 10,000-card file is committed in about half the time; the outcome is the same (all or
    nothing, or the valid rows on request)."""

    resource_class = InjuryCardResource
    title = _("导入伤害监测报告卡")
    success_url_name = "injuries:card_list"

    def commit(self, dataset, *, only_valid=False):
        return import_cards(self.community, dataset, only_valid=only_valid, user=self.request.user)

    def success_text(self, report):
        return _("导入完成：新增 %(new)d 张报告卡，跳过问题行 %(bad)d 行。") % {
            "new": report.new,
            "bad": len(report.bad_rows),
        }


class CardExport(ExportView):
    """The card list's filters apply. Personal columns only for those who may see them, and
    for office staff only when asked (``?personal=1``), so an everyday export carries none."""

    resource_class = InjuryCardResource
    view_roles = ALL_ROLES
    filename = _("伤害监测报告卡")

    def personal(self):
        if not shows_personal(self.membership):
            return False
        return self.request.GET.get("personal") == "1"

    def get_resource(self):
        return self.resource_class(
            community=self.community, user=self.request.user, personal=self.personal()
        )

    def get_queryset(self):
        queryset = selectors.card_list(self.community, self.membership)
        filterset = CardFilter(self.request.GET, queryset=queryset, community=self.community)
        return filterset.qs.order_by("injury_at", "pk")
