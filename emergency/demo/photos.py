"""Drawn stand-in photos for the demo's recent drills, so pages and the dossier show thumbnails."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from .. import services
from ..choices import DrillStatus

PHOTOS = 8
FONT = Path(settings.BASE_DIR) / "safecommunity" / "fonts" / "wqy-microhei.ttf"
SKY = {"tabletop": (92, 124, 168), "field": (201, 111, 62), "combined": (74, 140, 98)}


def _picture(drill, rng):
    image = Image.new("RGB", (960, 640), SKY.get(drill.drill_type, (120, 120, 120)))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 430, 960, 640), fill=(190, 190, 180))
    for _index in range(rng.randint(12, 24)):
        x, y = rng.randint(40, 920), rng.randint(440, 600)
        colour = rng.choice([(230, 80, 40), (250, 200, 40), (40, 90, 200), (245, 245, 245)])
        draw.ellipse((x - 10, y - 48, x + 10, y - 28), fill=(240, 200, 170))
        draw.rectangle((x - 14, y - 28, x + 14, y + 10), fill=colour)
    try:
        font = ImageFont.truetype(str(FONT), 40)
    except OSError:
        font = ImageFont.load_default()
    draw.text((40, 40), drill.title, fill=(255, 255, 255), font=font)
    draw.text((40, 100), f"{drill.date:%Y-%m-%d}  {drill.place}", fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def add_photos(drills, rng, user):
    recent = sorted(
        (d for d in drills if d.status == DrillStatus.HELD), key=lambda d: d.date, reverse=True
    )
    for drill in recent[:PHOTOS]:
        upload = SimpleUploadedFile("drill.jpg", _picture(drill, rng), content_type="image/jpeg")
        services.add_photo(drill=drill, user=user, image=upload, caption=f"{drill.place}演练现场")
