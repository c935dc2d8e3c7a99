"""Keep leaders' object permissions in step with the group rosters, whatever path changed them
(forms, imports, deletes, the admin)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import services
from .models import GroupMembership, Member


@receiver(post_save, sender=GroupMembership, dispatch_uid="committee-roster-save")
@receiver(post_delete, sender=GroupMembership, dispatch_uid="committee-roster-delete")
def _roster_changed(sender, instance, **kwargs):
    services.sync_group_permissions(instance.group)


@receiver(post_save, sender=Member, dispatch_uid="committee-member-save")
def _member_changed(sender, instance, created, **kwargs):
    if not created:
        services.sync_member_permissions(instance)


# Alerts raised while a Celery task runs (the daily reminders) are summarised once it ends:
# one robot message per community and kind, not one per reminder (committee.alerts.services).
def _connect_alert_batches():
    from celery.signals import task_postrun, task_prerun

    from .alerts import services as alerts

    task_prerun.connect(
        lambda **kwargs: alerts.begin_batch(), weak=False, dispatch_uid="committee-alerts-begin"
    )
    task_postrun.connect(
        lambda **kwargs: alerts.end_batch(), weak=False, dispatch_uid="committee-alerts-end"
    )


_connect_alert_batches()
