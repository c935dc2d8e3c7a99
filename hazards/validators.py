"""Upload checks for the photos held on hazard records."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image


def validate_photo(upload):
    """A photo must be a real image (checked by content with Pillow) and not too large."""
    limit = getattr(settings, "UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("照片过大（上限 %(mb)d MB）。") % {"mb": limit // (1024 * 1024)}, code="too_large"
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        Image.open(upload).verify()
    except Exception as exc:  # Pillow raises many kinds for broken or fake images
        raise ValidationError(_("上传的文件不是有效的图片。"), code="invalid_image") from exc
    finally:
        try:
            upload.seek(position)
        except Exception:  # noqa: BLE001,S110 - closed files need no rewind
            pass
