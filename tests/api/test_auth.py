"""Token authentication: valid, expired, revoked, unknown; last_used; the office's token page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiCall, ApiToken, hash_secret
from committee.choices import Role

from .conftest import issue

pytestmark = pytest.mark.django_db

LIST = "/api/v1/injury-cards/"


def call(secret, keyword="Token"):
    client = APIClient()
    if secret is not None:
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client.get(LIST)


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "bearer"])
def test_a_valid_token_is_accepted_with_either_keyword(tokens, keyword):
    assert call(tokens.secrets["hospital"], keyword).status_code == 200


def test_every_call_is_recorded_reads_and_refusals_too(cast, tokens):
    client = tokens.client("hospital")
    client.get(LIST)
    client.get(f"{LIST}999999/")
    client.get("/api/v1/hidden-dangers/")
    calls = list(
        ApiCall.objects.filter(token=tokens.objects["hospital"])
        .order_by("pk")
        .values_list("method", "path", "status_code")
    )
    assert calls == [
        ("GET", LIST, 200),
        ("GET", f"{LIST}999999/", 404),
        ("GET", "/api/v1/hidden-dangers/", 403),
    ]
    assert not ApiCall.objects.exclude(token=tokens.objects["hospital"]).exists()


def test_last_used_is_recorded(tokens):
    assert tokens.objects["hospital"].last_used is None
    call(tokens.secrets["hospital"])
    tokens.objects["hospital"].refresh_from_db()
    assert tokens.objects["hospital"].last_used is not None


@pytest.mark.parametrize(
    ("secret", "message"),
    [(None, "身份认证信息未提供。"), ("sc_not-a-token", "令牌无效。")],
)
def test_no_or_unknown_token_is_401(tokens, secret, message):
    response = call(secret)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == message


def test_an_expired_token_is_refused(cast, tokens):
    token, secret = issue(cast.community, expires=timezone.now() + datetime.timedelta(hours=1))
    assert call(secret).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now())
    response = call(secret)
    assert response.status_code == 401
    assert response.json()["detail"] == "令牌已过期。"


def test_a_revoked_token_is_refused(tokens):
    ApiToken.objects.filter(pk=tokens.objects["hospital"].pk).update(revoked_at=timezone.now())
    response = call(tokens.secrets["hospital"])
    assert response.status_code == 401
    assert response.json()["detail"] == "令牌已被吊销。"


def test_a_foreign_communitys_token_sees_nothing_of_ours(cast, tokens):
    from tests.injuries.factories import InjuryCardFactory

    ours = InjuryCardFactory(community=cast.community, reporting_unit=tokens.hospital)
    client = tokens.client("foreign")
    assert client.get(LIST).json()["count"] == 0
    assert client.get(f"{LIST}{ours.pk}/").status_code == 404


def test_only_the_hash_of_the_secret_is_stored(tokens):
    token = tokens.objects["hospital"]
    secret = tokens.secrets["hospital"]
    assert token.key_hash == hash_secret(secret) and len(token.key_hash) == 64
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert secret not in {str(v) for v in stored.values()}
    assert secret.startswith(token.prefix)


# --- the office's page --------------------------------------------------------------------


def page(cast):
    return reverse("api:token_list", kwargs={"community": cast.community.slug})


def test_office_issues_a_unit_token_and_sees_the_secret_once(cast, tokens):
    client = cast.client_for(Role.OFFICE)
    response = client.post(
        page(cast), {"name": "镇卫生院接口", "reporting_unit": tokens.other_hospital.pk}
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("sc_") and secret in response.content.decode()
    token = ApiToken.objects.get(name="镇卫生院接口")
    assert (token.community, token.reporting_unit, token.created_by) == (
        cast.community,
        tokens.other_hospital,
        cast.users[Role.OFFICE],
    )
    assert token.history.get().history_user == cast.users[Role.OFFICE]
    assert secret not in client.get(page(cast)).content.decode()
    assert call(secret).status_code == 200


def test_a_foreign_unit_cannot_be_chosen(cast, tokens):
    response = cast.client_for(Role.OFFICE).post(
        page(cast), {"name": "x", "reporting_unit": tokens.foreign_unit.pk}
    )
    assert response.status_code == 200 and response.context["secret"] is None
    assert "reporting_unit" in response.context["form"].errors


def test_office_revokes_a_token(cast, tokens):
    token = tokens.objects["hospital"]
    url = reverse("api:token_revoke", kwargs={"community": cast.community.slug, "pk": token.pk})
    response = cast.client_for(Role.OFFICE).post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.latest().history_user == cast.users[Role.OFFICE]
    assert call(tokens.secrets["hospital"]).status_code == 401


@pytest.mark.parametrize("role", [r for r in Role if r != Role.OFFICE])
def test_only_office_opens_the_token_page(cast, tokens, role):
    client = cast.client_for(role)
    assert client.get(page(cast)).status_code == 403
    if role != Role.REPORTER:  # reporters are sent from home to the cards
        assert page(cast) not in client.get(cast.community.get_absolute_url()).content.decode()


def test_office_finds_the_token_page_in_the_menu(cast):
    home = cast.client_for(Role.OFFICE).get(cast.community.get_absolute_url())
    assert page(cast) in home.content.decode()


def test_other_communitys_office_gets_404(cast, tokens):
    client = cast.client_for("outsider")
    assert client.get(page(cast)).status_code == 404
    token = tokens.objects["hospital"]
    url = reverse("api:token_revoke", kwargs={"community": cast.community.slug, "pk": token.pk})
    assert client.post(url).status_code == 404
    # Nor through its own community's address.
    url = reverse("api:token_revoke", kwargs={"community": cast.other.slug, "pk": token.pk})
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
