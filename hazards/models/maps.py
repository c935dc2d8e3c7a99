"""Site plans (社区平面图/辖区图): the pictures places are pinned on, for the four-colour risk map.

Fully offline: an uploaded image, never a tile server. A community may keep several (the whole
district, one estate, a market hall); one of them is the default the map opens with.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from safecommunity.files import ImageUploadField, UploadTo, refuse, validate_image

PLAN_MIMES = frozenset({"image/png", "image/jpeg"})


def validate_plan_image(upload):
    """A plan is a PNG or JPEG picture (checked by content, like every upload)."""
    detected = validate_image(upload)
    if detected is not None and detected.mime_type not in PLAN_MIMES:
        refuse(_("平面图只接受 PNG 或 JPEG 图片。"), code="plan_format")
    return detected


class SitePlan(models.Model):
    community = models.ForeignKey(
        "committee.Community", on_delete=models.CASCADE, related_name="hazard_site_plans"
    )
    title = models.CharField(_("名称"), max_length=80)
    image = ImageUploadField(
        _("图片"),
        upload_to=UploadTo("hazards/plans"),
        validators=[validate_plan_image],
        help_text=_("社区平面图或辖区图，PNG 或 JPEG。"),
    )
    width = models.PositiveIntegerField(_("宽度（像素）"), default=0, editable=False)
    height = models.PositiveIntegerField(_("高度（像素）"), default=0, editable=False)
    is_default = models.BooleanField(_("默认平面图"), default=False)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("平面图")
        verbose_name_plural = _("平面图")
        ordering = ["community_id", "-is_default", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=models.Q(is_default=True),
                name="hazards_one_default_site_plan",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The size of the stored picture, read once here rather than on every map. A new picture
        # is stored first (what the field would do on save): storing re-encodes it, turning a
        # phone photo upright (EXIF orientation) and shrinking a huge one, so the upload's own
        # size would stretch the plan and misplace its pins.
        if self.image and not self.image._committed:
            self.image.save(self.image.name, self.image.file, save=False)
            self.width = self.height = 0
        if self.image and not (self.width and self.height):
            self.width, self.height = self.image.width, self.image.height
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("hazards:map", kwargs={"community": self.community.slug}) + (
            f"?plan={self.pk}"
        )

    @property
    def aspect(self):
        """Height over width (3:4 when the size is unknown)."""
        return self.height / self.width if self.width and self.height else 0.75
