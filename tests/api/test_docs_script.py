"""The script of docs/api.md, run against the Django test server: it submits cards with a
hospital token, reads them back, and is refused another unit's."""

import importlib.util
from pathlib import Path

import pytest

from injuries.models import InjuryCard
from tests.injuries.factories import InjuryCardFactory

SCRIPT = Path(__file__).parents[2] / "scripts" / "api_hospital_demo.py"


@pytest.mark.django_db(transaction=True)
def test_the_documented_script_works(live_server, cast, tokens, capsys):
    other = InjuryCardFactory(community=cast.community, reporting_unit=tokens.other_hospital)
    spec = importlib.util.spec_from_file_location("api_hospital_demo", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    script.main(live_server.url, tokens.secrets["hospital"], "镇卫生院", str(other.pk))
    out = capsys.readouterr().out
    assert "1. a batch with a bad card: nothing written: HTTP 400" in out
    assert "2. the good batch: HTTP 201" in out
    assert "HTTP 201, same answer: True" in out
    assert "4. read back: HTTP 200, 2 cards of this unit" in out
    assert "5. another unit's card: HTTP 404" in out
    assert "6. a card for another unit: HTTP 400" in out
    assert "此令牌只能提交“区人民医院”的报告卡。" in out
    created = InjuryCard.objects.filter(reporting_unit=tokens.hospital)
    assert created.count() == 2  # the good batch once, despite the resend
