"""On the demo county the records answer the sheet: the far-along community (幸福街道, four
phases done) gets complete proposals for at least 45 of the 50 indicators, the just-started one
(平安镇) gets its real gaps with what to do; the dossier prints the confirmed grades."""

import random

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from archive.dossier_content import default_period, dossier_context
from archive.indicator_facts import community_facts
from archive.indicators import propose
from archive.models import Assessment
from archive.services.judgements import confirm_all, picture
from committee import demo
from committee.management.commands.seed_demo import seeders
from committee.models import Community
from safecommunity.evidence import Period


@pytest.fixture
def county(db):
    rng = random.Random(2026)
    today = timezone.localdate()
    modules = seeders()
    for spec in demo.COMMUNITIES:
        if spec[0] not in ("xingfu", "pingan"):
            continue
        community, users, groups = demo.seed_community(spec, today=today, rng=rng)
        for module in modules:
            module.seed(community, users=users, groups=groups, rng=rng, scale="small", today=today)
    return {c.slug: c for c in Community.objects.all()}


def test_demo_county_proposals_gaps_and_dossier(county):
    xingfu, pingan = county["xingfu"], county["pingan"]
    proposals = propose(community_facts(xingfu))
    assert sum(1 for p in proposals.values() if p.complete) >= 45
    assert all(p.links for p in proposals.values())

    started = Assessment.objects.filter(community=pingan).first()
    gaps = picture(started).gaps
    assert gaps, "the just-started community must show gaps"
    for gap in gaps:
        assert gap.gain > 0 and gap.row.proposal.todo and gap.row.proposal.fix_url
        low = [p for p in gap.row.effective.values() if p in ("c", "d")]
        assert low

    assessment = Assessment.objects.filter(community=xingfu).first()
    assessment.items.update(presence="", trace="", effect="", decision="")
    confirmed = confirm_all(assessment=assessment, proposals=proposals, user=None)
    assert confirmed >= 45
    after = picture(assessment)
    assert after.counts["confirmed"] == confirmed
    assert after.earned == after.projected or after.counts["manual"]
    context = dossier_context(xingfu, Period(*default_period(xingfu), ""))
    html = render_to_string("pdf/dossier.html", context)
    assert "[确认建议]" in html
    assert "记录中的证据" in html
