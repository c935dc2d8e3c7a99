"""Simplified Chinese by default; English through the language switch (compiled catalogues)."""

from django.conf import settings


def test_default_language_is_simplified_chinese(cast):
    response = cast.client_for("office").get(f"/c/{cast.community.slug}/")
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in response.content.decode()
    assert "十二要素总览" in response.content.decode()


def test_switching_to_english_translates_navigation(cast):
    client = cast.client_for("office")
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": f"/c/{cast.community.slug}/"}
    )
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(f"/c/{cast.community.slug}/").content.decode()
    assert 'lang="en"' in page
    assert "Twelve elements" in page
    assert "Risk identification and evaluation" in page


def test_english_browser_still_gets_chinese_until_the_user_switches(cast):
    client = cast.client_for("office")
    page = client.get(
        f"/c/{cast.community.slug}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert "十二要素总览" in page


def test_each_language_is_offered_in_its_own_name(cast):
    """The switcher reads 简体中文 / English in both languages (not 英语 in Chinese)."""
    client = cast.client_for("office")
    url = f"/c/{cast.community.slug}/"
    chinese = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    for page in (chinese, english):
        assert '<option value="en" lang="en"' in page
        assert ">English</option>" in page
        assert ">简体中文</option>" in page
        assert "英语" not in page
        assert "Simplified Chinese" not in page
