"""Writes of the four-colour risk map: site plans (one default per community) and pins."""

from django.db import transaction

from ..models import Place, SitePlan


@transaction.atomic
def save_site_plan(plan: SitePlan) -> SitePlan:
    """Save a plan; the community's first plan, or one marked default, becomes the default."""
    others = SitePlan.objects.filter(community_id=plan.community_id).exclude(pk=plan.pk)
    if not others.filter(is_default=True).exists():
        plan.is_default = True
    if plan.is_default:
        others.filter(is_default=True).update(is_default=False)
    plan.save()
    return plan


@transaction.atomic
def make_default_plan(plan: SitePlan) -> SitePlan:
    SitePlan.objects.filter(community_id=plan.community_id, is_default=True).exclude(
        pk=plan.pk
    ).update(is_default=False)
    plan.is_default = True
    plan.save(update_fields=["is_default"])
    return plan


@transaction.atomic
def delete_site_plan(plan: SitePlan) -> None:
    """Delete a plan and the pins on it; another plan, if any, becomes the default."""
    Place.objects.filter(site_plan=plan).update(site_plan=None, plan_x=None, plan_y=None)
    community_id, was_default = plan.community_id, plan.is_default
    plan.delete()
    if was_default:
        successor = SitePlan.objects.filter(community_id=community_id).order_by("title").first()
        if successor is not None:
            make_default_plan(successor)


def unpin_place(place: Place) -> Place:
    """Take the place off the plans (its coordinates stay)."""
    place.site_plan, place.plan_x, place.plan_y = None, None, None
    place.save(update_fields=["site_plan", "plan_x", "plan_y"])
    return place
