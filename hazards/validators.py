"""Kept for migration 0001, which names this validator; the check lives in safecommunity.files."""

from safecommunity.files import validate_image as validate_photo

__all__ = ["validate_photo"]
