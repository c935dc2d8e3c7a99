"""What happened in a community, announced by the app where it happens.

An app calls ``announce(community, "hidden_danger.major", danger)`` at the moment it happens;
any app that cares connects a receiver to ``happened`` (the API app turns events into webhooks,
``api.webhooks``). The announcing app imports no listener, so dependencies keep running one way
(docs/architecture.md). Receivers run at once, in the caller's transaction, and their errors
propagate to the caller as a direct call's would.
"""

from django.dispatch import Signal

# Sent with community, event (a name such as "injury_cards.batch"), subject (the record or the
# list of records the event is about) and extra (a dict of figures the event adds).
happened = Signal()


def announce(community, event, subject, **extra):
    """Tell every receiver that ``event`` happened in ``community`` to ``subject``."""
    happened.send(sender=event, community=community, event=event, subject=subject, extra=extra)
