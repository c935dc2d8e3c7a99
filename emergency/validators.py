"""Kept for migration 0001, which names these validators; the checks live in safecommunity.files."""

from safecommunity.files import validate_document as validate_plan_document
from safecommunity.files import validate_image as validate_photo

__all__ = ["validate_photo", "validate_plan_document"]
