"""Factories of the archive app."""

import datetime

import factory
from django.core.files.base import ContentFile

from archive import models
from archive.choices import DocumentKind, JobState, ReportKind
from tests.factories import CommunityFactory

from .samples import image_bytes, pdf_bytes


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Document
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"档案资料{n}")
    original_name = factory.LazyAttribute(lambda o: f"{o.title}.pdf")
    kind = DocumentKind.PDF
    mime_type = "application/pdf"
    date = datetime.date(2025, 3, 15)
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="doc.pdf"))
    size = 1000

    @factory.post_generation
    def elements(obj, create, extracted, **kwargs):
        for element in extracted or ():
            models.DocumentElement.objects.create(
                community=obj.community, document=obj, element=element
            )


class ImageDocumentFactory(DocumentFactory):
    kind = DocumentKind.IMAGE
    mime_type = "image/png"
    original_name = factory.LazyAttribute(lambda o: f"{o.title}.png")
    file = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="photo.png"))
    thumbnail = factory.LazyFunction(
        lambda: ContentFile(image_bytes("JPEG", (32, 24)), name="thumb.jpg")
    )


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Report

    community = factory.SubFactory(CommunityFactory)
    kind = ReportKind.MONTHLY
    period_start = datetime.date(2025, 3, 1)
    period_end = datetime.date(2025, 3, 31)
    title = factory.Sequence(lambda n: f"评估报告{n}")
    state = JobState.DONE


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ManagementReview

    community = factory.SubFactory(CommunityFactory)
    date = datetime.date(2025, 6, 20)
    title = factory.Sequence(lambda n: f"管理评审{n}")
    participants = "李建国、王丽华"
    conclusions = "创建工作按计划推进。"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReviewDecision

    review = factory.SubFactory(ReviewFactory)
    community = factory.SelfAttribute("review.community")
    title = factory.Sequence(lambda n: f"改进决定{n}")
    responsible_unit = "效能督查组"
    due_date = datetime.date(2025, 9, 30)
