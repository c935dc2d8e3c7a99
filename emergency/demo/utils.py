"""Helpers shared by the emergency demo modules."""

import datetime

BATCH = 2000


def store(model, objs, large):
    if large:
        return model.objects.bulk_create(objs, batch_size=BATCH)
    for obj in objs:
        obj.save()
    return objs


def day_between(rng, start, end):
    span = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(0, span))


def phone(rng):
    return f"1{rng.choice('35789')}{rng.randint(100000000, 999999999)}"
