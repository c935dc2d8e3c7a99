"""Demo data of the archive: documents tagged to elements (real small PDFs and images drawn with
Pillow), a management review, a graded self-assessment and one generated monthly report.

``scale="large"`` adds 2,000 tiny documents in bulk for the benchmark (DESIGN.md, Budgets).
"""

import datetime
import hashlib
import io

from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from committee.models import Member
from safecommunity.pdf import FONT_PATH

from .choices import DocumentKind, Grade, ReportKind
from .models import AssessmentItem, Document, DocumentElement, ManagementReview, ReviewDecision
from .models.documents import stored_name
from .services import assessment as assessment_services
from .services import reports as report_services
from .services import reviews as review_services
from .services.documents import set_elements

# (element, title, kind, source unit, tags)
DOCUMENTS = [
    (1, "关于成立安全社区促进委员会的通知", "pdf", "街道办事处", "机构 文件"),
    (1, "安全社区促进委员会成员及职责分工", "pdf", "委员会办公室", "职责"),
    (1, "安全社区创建工作实施方案", "pdf", "委员会办公室", "方案"),
    (1, "创建工作经费投入明细", "pdf", "街道财政所", "经费"),
    (2, "促进委员会第一次全体会议纪要", "pdf", "委员会办公室", "会议 纪要"),
    (2, "居民安全议事会现场", "image", "阳光社区", "议事会 照片"),
    (2, "平安志愿者服务队名册", "pdf", "街道团工委", "志愿者"),
    (2, "社区安全宣传栏", "image", "宣传报道组", "宣传栏 照片"),
    (3, "社区安全诊断报告", "pdf", "委员会办公室", "诊断 基线调查"),
    (3, "风险辨识与评价结果汇总", "pdf", "效能督查组", "风险 台账"),
    (3, "老旧小区电动车充电隐患排查现场", "image", "消防安全促进组", "隐患 照片"),
    (4, "年度安全社区工作计划", "pdf", "委员会办公室", "计划"),
    (4, "事故与伤害预防目标责任书", "pdf", "委员会办公室", "目标 责任书"),
    (5, "老年人防跌倒项目实施方案", "pdf", "老年人安全促进组", "项目 跌倒"),
    (5, "学校周边交通安全改造前后对比", "image", "交通安全促进组", "项目 照片"),
    (5, "交通安全促进项目中期评估", "pdf", "交通安全促进组", "评估"),
    (6, "消防安全知识培训签到表", "pdf", "消防安全促进组", "培训"),
    (6, "安全知识进社区讲座", "image", "宣传报道组", "宣传 照片"),
    (6, "居民安全知识知晓率调查问卷", "pdf", "伤害统计与监测组", "调查 知晓率"),
    (7, "街道综合应急预案", "pdf", "街道应急办", "预案"),
    (7, "防汛应急演练现场", "image", "社会治安促进组", "演练 照片"),
    (7, "应急物资储备清单", "pdf", "街道应急办", "物资"),
    (8, "季度安全检查记录汇总", "pdf", "效能督查组", "检查"),
    (8, "重点场所监测记录", "pdf", "工作场所安全促进组", "监测"),
    (9, "伤害监测季度分析（汇总数据）", "pdf", "伤害统计与监测组", "伤害 统计"),
    (10, "安全社区档案管理制度", "pdf", "委员会办公室", "制度 档案"),
    (11, "隐患整改通知书（样张）", "pdf", "效能督查组", "整改"),
    (11, "整改复查验收现场", "image", "效能督查组", "复查 照片"),
    (12, "年度管理评审会议纪要", "pdf", "委员会办公室", "评审"),
]
COLOURS = ["#1a3c6e", "#27ae60", "#d9822b", "#8e44ad", "#2f80ed", "#c0392b"]


def _font(size):
    return ImageFont.truetype(str(FONT_PATH), size)


def _picture(title, colour, size=(640, 420)):
    """A small photo-like PNG with the title written on it."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for step in range(-size[1], size[0], 40):
        draw.line([(step, 0), (step + size[1], size[1])], fill="#dfe6ee", width=1)
    band = max(18, size[1] // 5)
    draw.rectangle([0, size[1] - band, size[0], size[1]], fill="#222222")
    draw.text(
        (max(4, size[0] // 30), size[1] - band + band // 6),
        title[:22],
        font=_font(max(10, band * 2 // 3)),
        fill="white",
    )
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()


def _pdf(title, community_name, lines=()):
    """A one-page A4 PDF (Pillow) with the title and a few lines of Chinese text."""
    page = Image.new("L", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.text((120, 140), community_name, font=_font(36), fill=80)
    draw.text((120, 220), title, font=_font(52), fill=0)
    for index, line in enumerate(lines or ("本文件为演示资料。",)):
        draw.text((120, 360 + index * 60), line, font=_font(32), fill=40)
    output = io.BytesIO()
    page.save(output, "PDF", resolution=150)
    return output.getvalue()


def _thumbnail(png):
    from safecommunity.files import make_thumbnail

    return make_thumbnail(io.BytesIO(png))


def _document(
    community, *, title, kind, content, date, element, user, source_unit, tags, group=None
):
    extension = ".png" if kind == "image" else ".pdf"
    document = Document(
        community=community,
        title=title,
        original_name=f"{title}{extension}",
        kind=kind,
        mime_type="image/png" if kind == "image" else "application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        date=date,
        source_unit=source_unit,
        tags=tags,
        uploaded_by=user,
        working_group=group,
    )
    document.file.save(f"demo{extension}", ContentFile(content), save=False)
    if kind == "image":
        document.thumbnail.save("thumb.jpg", ContentFile(_thumbnail(content)), save=False)
    document.save()
    set_elements(document, [element])
    return document


# seed_demo runs the seeders by this order: after every other app (their records are linked to).
SEED_ORDER = 50


def seed(community, *, users, groups, rng, scale, today):
    office = users.get("office")
    span = 420
    for index, (element, title, kind, unit, tags) in enumerate(DOCUMENTS):
        date = today - datetime.timedelta(days=rng.randint(5, span))
        colour = COLOURS[index % len(COLOURS)]
        content = (
            _picture(title, colour)
            if kind == "image"
            else _pdf(
                title,
                community.name,
                [f"日期：{date:%Y年%m月%d日}", f"来源：{unit}", "（演示资料）"],
            )
        )
        group = next((g for g in groups if g.name == unit), None)
        _document(
            community,
            title=title,
            kind=kind,
            content=content,
            date=date,
            element=element,
            user=office,
            source_unit=unit,
            tags=tags,
            group=group,
        )
    report = _monthly_report(community, today)
    _review(community, today, office, report, rng)
    _assessment(community, today, office, rng)
    if scale == "large":
        seed_large(community, rng=rng, today=today, user=office)


def _monthly_report(community, today):
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    period = report_services.period_for(ReportKind.MONTHLY, last_month)
    report, _created = report_services.ensure_report(
        community=community, kind=ReportKind.MONTHLY, period=period
    )
    return report_services.generate_report(report.pk)


def _review(community, today, office, report, rng):
    members = list(Member.objects.filter(community=community)[:8])
    review = ManagementReview.objects.create(
        community=community,
        date=today - datetime.timedelta(days=20),
        title="安全社区创建工作年度管理评审",
        location="街道三楼会议室",
        chair="李建国",
        participants="、".join(m.name for m in members) or "促进委员会全体成员",
        other_inputs="各工作组年度工作总结；居民意见征集汇总。",
        conclusions="创建工作总体按计划推进，组织机构健全，项目覆盖主要安全领域。"
        "老年人跌倒伤害仍居首位，部分隐患整改逾期，宣传培训覆盖外来务工人员不足。",
        created_by=office,
    )
    review.participant_members.set(members)
    if report is not None:
        review.reports.add(report)
    decisions = [
        (
            "加强老年人居家防跌倒干预",
            "对高龄独居老人家庭开展居家环境改造。",
            "老年人安全促进组",
            "钱淑芬",
            90,
        ),
        (
            "逾期隐患挂牌督办",
            "对逾期未整改的隐患挂牌督办，每周通报进度。",
            "效能督查组",
            "陈志强",
            30,
        ),
        (
            "扩大外来务工人员安全培训覆盖面",
            "联合企业开展岗前安全培训。",
            "工作场所安全促进组",
            "冯立新",
            120,
        ),
    ]
    for title, description, unit, person, days in decisions:
        ReviewDecision.objects.create(
            community=community,
            review=review,
            title=title,
            description=description,
            responsible_unit=unit,
            responsible_person=person,
            due_date=today + datetime.timedelta(days=days),
        )
    try:
        review_services.create_corrective_actions(review, user=office)
    except ImproperlyConfigured:
        pass  # the hazards app is not there (yet): the decisions stay open
    return review


def _assessment(community, today, office, rng):
    assessment = assessment_services.start_assessment(
        community=community,
        title=f"{today.year}年安全社区自评",
        date=today - datetime.timedelta(days=10),
        user=office,
    )
    weights = [Grade.A] * 5 + [Grade.B] * 4 + [Grade.C]
    items = list(assessment.items.all())
    for item in items:
        item.presence, item.trace, item.effect = (
            rng.choice(weights),
            rng.choice(weights),
            rng.choice(weights),
        )
        item.comment = (
            "资料齐全，已归档。" if item.effect == Grade.A else "部分记录不完整，需补充。"
        )
    AssessmentItem.objects.bulk_update(items, ["presence", "trace", "effect", "comment"])
    return assessment


def seed_large(community, *, rng, today, user=None, count=2000):
    """The benchmark volume: ``count`` tiny documents (a few shared bytes each), in bulk."""
    png = _picture("档案", "#1a3c6e", size=(64, 48))
    pdf = _pdf("档案资料", community.name)
    thumb = _thumbnail(png)
    documents = []
    for index in range(count):
        kind = DocumentKind.IMAGE if index % 4 == 0 else DocumentKind.PDF
        content = png if kind == DocumentKind.IMAGE else pdf
        extension = ".png" if kind == DocumentKind.IMAGE else ".pdf"
        name = default_storage.save(
            stored_name(community.pk, "bulk", extension), ContentFile(content)
        )
        thumbnail = ""
        if kind == DocumentKind.IMAGE:
            thumbnail = default_storage.save(
                stored_name(community.pk, "thumbs", ".jpg"), ContentFile(thumb)
            )
        element = DOCUMENTS[index % len(DOCUMENTS)][0]
        documents.append(
            Document(
                community=community,
                title=f"{DOCUMENTS[index % len(DOCUMENTS)][1]}（{index + 1:04d}）",
                file=name,
                thumbnail=thumbnail,
                original_name=f"doc-{index + 1:04d}{extension}",
                kind=kind,
                mime_type="image/png" if kind == DocumentKind.IMAGE else "application/pdf",
                size=len(content),
                date=today - datetime.timedelta(days=rng.randint(0, 3 * 365)),
                source_unit="委员会办公室",
                tags="批量",
                uploaded_by=user,
            )
        )
        documents[-1]._element = element
    Document.objects.bulk_create(documents, batch_size=2000)
    DocumentElement.objects.bulk_create(
        [DocumentElement(community=community, document=d, element=d._element) for d in documents],
        batch_size=2000,
    )
