"""Login in Chinese, lockout after repeated failures, password change, the error pages."""

import pytest
from django.urls import reverse

from committee.choices import Role
from tests.factories import PASSWORD


def test_login_page_is_chinese_and_named(client, db):
    page = client.get(reverse("login")).text
    assert "安全社区管理平台" in page
    assert 'name="username"' in page and 'name="password"' in page
    assert "csrfmiddlewaretoken" in page
    assert 'lang="zh-Hans"' in page


def test_wrong_password_says_so_in_chinese(client, cast):
    response = client.post(
        reverse("login"), {"username": cast.users[Role.OFFICE].username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "请输入一个正确的" in response.text
    assert "_auth_user_id" not in client.session


def test_login_then_home(client, cast):
    response = client.post(
        reverse("login"),
        {"username": cast.users[Role.MEMBER].username, "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("community_home", args=[cast.community.slug])
    assert "十二要素总览" in response.text


def test_five_failures_lock_the_account(client, cast, settings):
    settings.AXES_ENABLED = True
    username = cast.users[Role.OFFICE].username
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": username, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": username, "password": "wrong"})
    assert response.status_code in (403, 429)
    assert "账号已被暂时锁定" in response.text
    assert "30 分钟" in response.text
    # Even the right password is refused while locked.
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert "账号已被暂时锁定" in response.text
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked out.
    response = client.post(
        reverse("login"), {"username": cast.users[Role.MEMBER].username, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_password_change(cast):
    client = cast.client_for(Role.MEMBER)
    page = client.get(reverse("password_change")).text
    assert "修改密码" in page
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert "密码只包含数字。" in response.text
    assert "这个密码太常见了。" in response.text
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Xingfu-Street-2027!",
            "new_password2": "Xingfu-Street-2027!",
        },
        follow=True,
    )
    assert "密码已修改" in response.text
    user = cast.users[Role.MEMBER]
    user.refresh_from_db()
    assert user.check_password("Xingfu-Street-2027!")


# Django's zh_Hans catalogue has no entry for MinimumLengthValidator's plural message, so this
# error shows in English. See the report (a project locale entry); remove the marker when it lands.
def test_too_short_password_error_is_chinese(cast):
    response = cast.client_for(Role.MEMBER).post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Ab1!",
            "new_password2": "Ab1!",
        },
    )
    assert "This password is too short" not in response.text


def test_error_pages_are_chinese(cast, settings):
    settings.DEBUG = False
    response = cast.client_for(Role.MEMBER).get(
        reverse("committee:user_list", args=[cast.community.slug])
    )
    assert response.status_code == 403
    assert "无权进行此操作" in response.text
    response = cast.client_for("outsider").get(
        reverse("committee:profile", args=[cast.community.slug])
    )
    assert response.status_code == 404
    assert "页面不存在" in response.text
    assert cast.community.name not in response.text


def test_server_error_page_renders_without_context():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "服务器暂时出错" in html


@pytest.mark.parametrize("name", ["home", "notifications", "password_change"])
def test_pages_need_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
