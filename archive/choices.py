"""Code lists of the archive app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PDF = "pdf", _("PDF 文档")
    WORD = "word", _("Word 文档")
    EXCEL = "excel", _("Excel 表格")
    POWERPOINT = "powerpoint", _("PowerPoint 演示文稿")
    IMAGE = "image", _("图片")
    AUDIO = "audio", _("音频")
    VIDEO = "video", _("视频")


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("月度")
    QUARTERLY = "quarterly", _("季度")
    HALF_YEARLY = "half_yearly", _("半年度")
    ANNUAL = "annual", _("年度")
    CUSTOM = "custom", _("自定义期间")


class JobState(models.TextChoices):
    """The life of a background build (report or dossier). The values are what site.js polls."""

    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Grade(models.TextChoices):
    """Grades of the national on-site evaluation sheet; the share of the part's points earned."""

    A = "a", _("a 好（100%）")
    B = "b", _("b 较好（70%）")
    C = "c", _("c 差（30%）")
    D = "d", _("d 无（0）")


class AssessmentPart(models.TextChoices):
    PRESENCE = "presence", _("有无")
    TRACE = "trace", _("痕迹")
    EFFECT = "effect", _("效果")


class Decision(models.TextChoices):
    """How an office user settled the proposal for one indicator."""

    CONFIRMED = "confirmed", _("确认建议")
    OVERRIDDEN = "overridden", _("改判")
