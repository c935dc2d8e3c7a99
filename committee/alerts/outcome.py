"""What one attempt at sending an alert came to (shared by the robot and SMS transports)."""

from dataclasses import dataclass

TIMEOUT = 5  # seconds per request
EXCERPT = 300  # characters of a response kept in the delivery log


@dataclass
class Outcome:
    ok: bool
    response: str
    transient: bool = False


def _excerpt(text):
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
