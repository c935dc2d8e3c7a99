"""What the accreditation dossier PDF shows: profile, twelve chapters, self-assessment, crosswalk.

Chapters come from ``safecommunity.evidence.collect_element`` (every app's evidence module), capped
so the dossier stays readable and quick to build at the large volume. Documents flagged as holding
personal data, and attachments of injury records, never appear (DESIGN.md, Tenancy and roles).
"""

import datetime
from dataclasses import replace

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.choices import AgeGroup
from safecommunity.elements import Element
from safecommunity.evidence import Photo, collect_element
from safecommunity.pdf import image_uri, media_source

from . import composition
from .indicator_facts import community_facts
from .models import Document
from .services.assessment import assessment_result, latest_assessment
from .services.isccc import designation_timeline, isccc_indicators

MAX_DOCUMENTS = 40  # listed per chapter; the ZIP holds them all

# WHO/ISCCC indicators and the elements that answer them (domain reference standards.md §3).
ISC_CROSSWALK = [
    ("ISC 1", gettext_lazy("治理：跨部门合作、纳入地方政府的持续机制"), (1, 2)),
    ("ISC 2", gettext_lazy("监测：伤害及其原因数据的收集、分析与共享"), (3, 9)),
    ("ISC 3", gettext_lazy("综合项目：覆盖不同性别、年龄、环境和状况"), (5,)),
    ("ISC 4", gettext_lazy("重点人群：针对脆弱群体、高危人群和高风险环境"), (3, 4, 5)),
    ("ISC 5", gettext_lazy("评估：过程、效果评估与持续改进"), (8, 11, 12)),
    ("ISC 6", gettext_lazy("网络：参与国内外安全社区网络交流"), (2,)),
]


def default_period(community, today=None):
    """From the start of the creation work (first phase) or three years back, to today."""
    today = today or timezone.localdate()
    starts = [p.actual_start or p.planned_start for p in community.phases.all()]
    starts = [s for s in starts if s and s <= today]
    start = min(starts) if starts else datetime.date(today.year - 2, 1, 1)
    return start, today


def profile(community):
    """The community profile (概况): the tenant's own fields, phases, latest population base."""
    cells = community.population_years.order_by("-year")
    latest_year = cells.values_list("year", flat=True).first()
    population = []
    if latest_year:
        by_group = dict(
            cells.filter(year=latest_year)
            .values_list("age_group")
            .annotate(n=Sum("count"))
            .values_list("age_group", "n")
        )
        population = [(label, by_group.get(value, 0)) for value, label in AgeGroup.choices]
    return {
        "fields": [
            (_("社区名称"), community.name),
            (_("类型"), community.get_kind_display()),
            (_("上级行政区"), community.parent_area),
            (_("行政区划代码"), community.area_code),
            (_("常住人口"), f"{community.population:,}"),
            (_("户数"), f"{community.households:,}"),
            (_("面积（平方公里）"), community.area_km2),
            (_("创建目标"), community.get_target_level_display()),
            (_("地址"), community.address),
        ],
        "introduction": community.introduction,
        "phases": list(community.phases.all()),
        "population_year": latest_year,
        "population": population,
    }


def chapter(community, number, period):
    """One element: its evidence (summarised), documents (first MAX_DOCUMENTS) and photos."""
    evidence = composition.summarised(collect_element(community, number, period))
    documents = Document.objects.filter(community=community).unrestricted().for_element(number)
    total = documents.count()
    listed = list(
        documents.order_by("-date", "-id").only(
            "title", "date", "source_unit", "kind", "original_name", "file"
        )[:MAX_DOCUMENTS]
    )
    photos = list(evidence.photos)
    room = composition.MAX_PHOTOS - len(photos)
    if room > 0:
        for document in (
            documents.exclude(thumbnail="")
            .order_by("-date", "-id")
            .only("title", "thumbnail")[:room]
        ):
            source = media_source(document.thumbnail)
            if source:
                photos.append(Photo(caption=document.title, path=source))
    return {
        "id": f"element-{number}",
        "number": number,
        "title": f"{number}. {Element(number).label}",
        "evidence": replace(evidence, photos=[]),  # the chapter shows photos once, below
        "photos": [{"caption": p.caption, "uri": image_uri(p.path)} for p in photos],
        "documents": listed,
        "document_total": total,
        "documents_note": (
            _("共 %(total)s 份，列出最近 %(shown)s 份；全部原件见资料包。")
            % {"total": total, "shown": len(listed)}
            if total > len(listed)
            else ""
        ),
    }


def dossier_context(community, period, *, progress=None):
    """The template context of pdf/dossier.html. ``progress(done, total)`` is called per chapter."""
    chapters = []
    for index, number in enumerate(Element.values, start=1):
        chapters.append(chapter(community, number, period))
        if progress:
            progress(index, len(Element.values))
    assessment = latest_assessment(community)
    result = assessment_result(assessment) if assessment else None
    facts = community_facts(community)
    toc = [{"id": "profile", "title": _("社区概况"), "level": 1}]
    toc += [{"id": c["id"], "title": c["title"], "level": 1} for c in chapters]
    toc += [
        {"id": "self-assessment", "title": _("自评情况"), "level": 1},
        {"id": "crosswalk", "title": _("国际安全社区指标对照"), "level": 1},
    ]
    return {
        "community": community,
        "period": period,
        "report_title": _("安全社区申报材料"),
        "report_subtitle": _("创建工作期间：%(start)s 至 %(end)s")
        % {"start": period.start, "end": period.end},
        "report_date": timezone.localdate(),
        "toc": toc,
        "profile": profile(community),
        "chapters": chapters,
        "assessment": assessment,
        "result": result,
        "crosswalk": [
            {
                "code": code,
                "title": title,
                "chapters": [f"element-{n}" for n in elements],
                "elements": elements,
                "evidence": indicator,
            }
            for (code, title, elements), indicator in zip(
                ISC_CROSSWALK, isccc_indicators(facts), strict=True
            )
        ],
        "timeline": designation_timeline(facts),
    }
