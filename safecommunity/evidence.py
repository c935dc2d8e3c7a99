"""The shape every app's ``evidence`` module follows, and the registry that composes them.

An app's ``<app>/evidence`` (a module, or a package whose ``__init__`` offers the protocol when
the app's evidence has several parts) is found by autodiscovery and defines:

    ELEMENTS = (3, 8, 11)                      # the elements it gives evidence for
    def status(community) -> list[ElementStatus]          # cheap counts for the home page
    def collect(community, element, period) -> ElementEvidence  # one element for a period

and, where the app gives people work to do:

    def todo(community, membership, today) -> list[TaskList]    # one member's to-do lists

``collect`` must never return personal data of injured people (the dossier is public to the panel).
The archive app (dossier, reports, self-assessment) and the community home page read evidence only
through ``element_statuses`` and ``collect_element`` below, so an app that is not installed or has
no data yet simply contributes nothing, and the chapter says so.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .discovery import app_modules
from .elements import Element


def year_label(year):
    """A year as shown in labels: 2026年 (just 2026 in English)."""
    return gettext("%(year)s年") % {"year": year}


def month_label(day):
    """The month of ``day`` as shown in labels: 2026年3月 (March 2026 in English)."""
    return date_format(day, gettext("Y年n月"))


def day_label(day):
    """A date as shown in period labels: 2026年03月01日."""
    return date_format(day, gettext("Y年m月d日"))


def span_label(start, end):
    """A custom period: 2026年03月01日至2026年05月31日."""
    return gettext("%(start)s至%(end)s") % {"start": day_label(start), "end": day_label(end)}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    label: str = ""

    @classmethod
    def month(cls, year, month):
        last = calendar.monthrange(year, month)[1]
        first = datetime.date(year, month, 1)
        return cls(first, datetime.date(year, month, last), month_label(first))

    @classmethod
    def quarter(cls, year, quarter):
        first_month = 3 * (quarter - 1) + 1
        last = calendar.monthrange(year, first_month + 2)[1]
        return cls(
            datetime.date(year, first_month, 1),
            datetime.date(year, first_month + 2, last),
            gettext("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter},
        )

    @classmethod
    def half(cls, year, half):
        """The first (1) or second (2) half of ``year``."""
        if half == 1:
            label = gettext("%(year)s年上半年") % {"year": year}
            return cls(datetime.date(year, 1, 1), datetime.date(year, 6, 30), label)
        label = gettext("%(year)s年下半年") % {"year": year}
        return cls(datetime.date(year, 7, 1), datetime.date(year, 12, 31), label)

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), year_label(year))

    def previous_year(self):
        """The same span one year earlier, for year-on-year comparison."""

        def shift(day):
            try:
                return day.replace(year=day.year - 1)
            except ValueError:  # 29 February
                return day.replace(year=day.year - 1, day=28)

        return Period(shift(self.start), shift(self.end), "")

    def contains(self, day):
        return self.start <= day <= self.end

    @property
    def days(self):
        return (self.end - self.start).days + 1


@dataclass
class Figure:
    label: str
    value: object
    unit: str = ""


@dataclass
class Table:
    title: str
    headers: list
    rows: list
    note: str = ""


@dataclass
class Chart:
    caption: str
    svg: str  # from safecommunity.charts


@dataclass
class Photo:
    caption: str
    path: str  # safecommunity.pdf.media_source(): a local path or a media: URI, for the PDF


@dataclass
class ElementStatus:
    element: int
    label: str  # what is counted, e.g. "隐患排查记录"
    count: int
    url_name: str = ""  # namespaced URL taking the community slug
    missing: list = field(default_factory=list)  # what is still lacking, in words


@dataclass
class ElementEvidence:
    element: int
    summary: str = ""
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    charts: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    gaps: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.figures or self.tables or self.charts or self.photos)

    def extend(self, other):
        if other.summary:
            self.summary = f"{self.summary}\n{other.summary}".strip()
        self.figures += other.figures
        self.tables += other.tables
        self.charts += other.charts
        self.photos += other.photos
        self.gaps += other.gaps


@dataclass
class TaskItem:
    title: str
    url: str
    note: str = ""  # a date, a status, in words
    overdue: bool = False  # past its deadline: said as 已逾期
    alert: bool = False  # needs a look for another reason (the note says why)


@dataclass
class TaskList:
    """One to-do list on a member's home: a handful of items and how many there are in all."""

    key: str  # stable, for the page's anchors and for tests, e.g. "hazards-rectify"
    title: str
    items: list
    total: int
    url: str = ""  # the full list, filtered where the app's list page allows
    empty: str = ""  # said when there is nothing to do
    order: int = 50

    @property
    def flagged(self):
        """Items shown in red: overdue or otherwise needing a look."""
        return sum(1 for item in self.items if item.overdue or item.alert)


# How many items a to-do list shows on the home page (the total is counted in full).
TASK_ITEMS = 5


def member_tasks(community, membership, today=None):
    """Every installed app's to-do lists for this member, in their ``order``.

    Each app scopes its own records to the community and to what the member is responsible
    for; a constant number of queries per app, however many records there are. For today (no
    ``today`` given) the lists are cached per member and role under the community's data
    version (``safecommunity.summaries``): what a member is responsible for is recorded in the
    community's records (groups, plans, rectifications), so any change shows at once.
    """
    if today is None:
        from .summaries import cached

        name = f"member-tasks:{membership.user_id}:{membership.role}"
        return cached(community, name, lambda: _member_tasks(community, membership))
    return _member_tasks(community, membership, today)


def _member_tasks(community, membership, today=None):
    from django.utils import timezone

    today = today or timezone.localdate()
    lists = []
    for module in providers():
        if hasattr(module, "todo"):
            for task_list in module.todo(community, membership, today):
                task_list.title = str(task_list.title)
                task_list.empty = str(task_list.empty)
                lists.append(task_list)
    return sorted(lists, key=lambda t: t.order)


def providers():
    """Every installed app's ``evidence`` module, in ``INSTALLED_APPS`` order (autodiscovered)."""
    return app_modules("evidence")


def element_statuses(community):
    """{element number: [ElementStatus, …]} for all twelve elements (empty lists where none).

    Counted over all of the community's records, so cached per community, day and language under
    the community's data version (``safecommunity.summaries``): any saved change shows at once.
    """
    from .summaries import cached

    return cached(community, "element-statuses", lambda: _compute_statuses(community))


def _compute_statuses(community):
    result = {number: [] for number in Element.values}
    for module in providers():
        for item in module.status(community):
            item.label = str(item.label)
            item.missing = [str(m) for m in item.missing]
            result[item.element].append(item)
    return result


def element_coverage(communities):
    """{community id: set of element numbers holding any record or tagged document}.

    ``communities`` is a Community queryset (used as a subquery). One query (a UNION over the
    record kinds the apps name in their ``COVERAGE``, plus an app's own
    ``coverage(communities)`` giving (community id, element) rows), however many communities:
    what a county or province ranking needs. Coarser than ``element_statuses`` (no gaps), which
    a community's own pages show.
    """
    from django.apps import apps
    from django.db.models import Exists, IntegerField, OuterRef, Value

    ids = communities.order_by().values("pk")
    parts = []
    for module in providers():
        for element, labels in getattr(module, "COVERAGE", {}).items():
            for label in labels:
                # EXISTS per community: one index probe each, where a DISTINCT over the
                # records would read all of them (5 million injury cards in a province).
                held = apps.get_model(label).objects.filter(community=OuterRef("pk"))
                parts.append(
                    communities.model.objects.filter(pk__in=ids)
                    .filter(Exists(held))
                    .order_by()
                    .values_list("pk", Value(element, output_field=IntegerField()))
                )
        if hasattr(module, "coverage"):
            parts.append(module.coverage(ids))
    covered = {}
    if parts:
        for community_id, element in parts[0].union(*parts[1:]):
            covered.setdefault(community_id, set()).add(element)
    return covered


def collect_element(community, element, period):
    """All providers' evidence for one element, merged; says plainly when nothing is held."""
    evidence = ElementEvidence(element=element)
    for module in providers():
        if element in getattr(module, "ELEMENTS", ()):
            evidence.extend(module.collect(community, element, period))
    if evidence.is_empty and not evidence.gaps:
        evidence.gaps.append(str(_("本要素在本期间暂无记录。")))
    return evidence
