"""The English catalogue is complete and in step with the code (issue 20, item 8).

* every msgid of locale/en/LC_MESSAGES/django.po has an English msgstr and no fuzzy flag;
* the catalogue holds exactly the strings the code marks (makemessages on a copy of the tree);
* the pages of an empty community, rendered in English, show no Chinese outside user data;
* scripts/po_fill.py, which merges the helpers' pending files, fills only what is missing.
"""

import importlib.util
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from archive.models import IndicatorScheme
from committee.choices import Role

from .factories import CommunityFactory, MembershipFactory, UserFactory

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
NOT_SOURCE = {"locale", "var", "media", "node_modules", "__pycache__", "staticfiles"}


def _po_fill():
    spec = importlib.util.spec_from_file_location("po_fill", ROOT / "scripts" / "po_fill.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


po_fill = _po_fill()


def _entries(path):
    return po_fill.messages(po_fill.parse(Path(path).read_text(encoding="utf-8")))


def _describe(entry):
    context = f" [{entry.msgctxt}]" if entry.msgctxt is not None else ""
    return f"line {entry.lineno}: {entry.msgid!r}{context}"


# ---- the catalogue -------------------------------------------------------------------------


def test_every_english_msgid_is_translated():
    entries = _entries(CATALOGUE)
    assert len(entries) > 1000  # the real catalogue, not an empty file
    untranslated = [e for e in entries if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [e for e in entries if e.fuzzy]
    problems = [f"empty  {_describe(e)}" for e in untranslated] + [
        f"fuzzy  {_describe(e)}" for e in fuzzy
    ]
    assert not problems, (
        f"{len(untranslated)} untranslated and {len(fuzzy)} fuzzy entries in {CATALOGUE}:\n"
        + "\n".join(problems)
    )


def _copy_sources(target):
    """The source files makemessages reads (.py, .html, .txt), without catalogues or data."""

    def ignore(directory, names):
        skipped = []
        for name in names:
            path = Path(directory) / name
            if name.startswith(".") or name in NOT_SOURCE:
                skipped.append(name)
            elif path.is_file() and path.suffix not in SOURCE_SUFFIXES:
                skipped.append(name)
        return skipped

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=False)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_catalogue_holds_exactly_the_strings_the_code_marks(tmp_path, settings, monkeypatch):
    tree = tmp_path / "tree"
    _copy_sources(tree)
    (tree / "locale").mkdir()
    settings.LOCALE_PATHS = [tree / "locale"]
    monkeypatch.chdir(tree)
    call_command("makemessages", locale=["en"], verbosity=0)

    fresh = {e.key: e for e in _entries(tree / "locale" / "en" / "LC_MESSAGES" / "django.po")}
    current = {e.key: e for e in _entries(CATALOGUE)}
    missing = [fresh[k] for k in fresh if k not in current]
    obsolete = [current[k] for k in current if k not in fresh]
    problems = [f"not in the catalogue  {e.msgid!r}" for e in missing] + [
        f"no longer in the code {_describe(e)}" for e in obsolete
    ]
    assert not problems, (
        f"{CATALOGUE} is out of step with the code ({len(missing)} new, {len(obsolete)} "
        "obsolete msgids); run makemessages -l en and translate:\n" + "\n".join(problems)
    )


# ---- English pages -------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """Text a user sees: element text and title/placeholder/aria-label/alt attributes, chart
    data (JSON scripts), but not code (other scripts, styles) nor text marked lang="zh…"."""

    ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, hidden)
        self.texts = []

    def hidden(self):
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = (
            (tag == "script" and attrs.get("type") != "application/json")
            or tag == "style"
            or (attrs.get("lang") or "").lower().startswith("zh")
        )
        if not hidden and not self.hidden():
            self.texts += [v for k, v in attrs.items() if k in self.ATTRIBUTES and v]
        if tag not in self.VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self.hidden():
            self.texts.append(data)


def chinese_in(html):
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        found += CJK.findall(text)
    return found


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _url_names(pattern.url_patterns, full)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


SKIPPED_PAGES = ("export", "pdf", "download", "setlang", "logout", "read_all", "health")


def community_pages(slug):
    """Every page of a community that needs no record: lists, create forms, imports, stats."""
    urls = {reverse("notifications"), reverse("password_change")}
    for name in _url_names(get_resolver().url_patterns):
        if name.startswith("admin:") or any(word in name for word in SKIPPED_PAGES):
            continue
        try:
            urls.add(reverse(name, kwargs={"community": slug}))
        except NoReverseMatch:
            continue
    return sorted(urls)


@pytest.fixture
def english_catalogue(tmp_path, settings):
    """The current .po compiled, so the pages show what the catalogue says (not a stale .mo)."""
    if shutil.which("msgfmt") is None:
        pytest.skip("needs GNU gettext (msgfmt)")
    locale = tmp_path / "locale"
    for language in ("en", "zh_Hans"):
        source = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        target = locale / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        subprocess.run(["msgfmt", "-o", str(target / "django.mo"), str(source)], check=True)
    settings.LOCALE_PATHS = [locale]


@pytest.mark.django_db
def test_english_pages_of_an_empty_community_show_no_chinese(english_catalogue):
    community = CommunityFactory(name="Testville", slug="testville")
    user = UserFactory(username="office-en", display_name="Office Tester")
    MembershipFactory(user=user, community=community, role=Role.OFFICE)
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # Data, not UI: the default evaluation sheets are seeded records the office edits.
    data = [
        text
        for scheme in IndicatorScheme.objects.all()
        for text in (scheme.name, scheme.description)
    ]
    pages = [reverse("login")] + community_pages(community.slug)
    assert len(pages) > 60
    checked, problems = 0, []
    anonymous = Client()
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in pages:
        response = (anonymous if url == reverse("login") else client).get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        html = response.content.decode()
        assert 'lang="en"' in html, url
        for text in data:
            html = html.replace(text, "")
        found = sorted(set(chinese_in(html)))
        if found:
            problems.append(f"{url}: {' | '.join(found)}")
    assert checked > 60, f"only {checked} pages answered 200"
    assert not problems, (
        f"{len(problems)} of {checked} English pages show Chinese (untranslated or unmarked):\n"
        + "\n".join(problems)
    )


def test_visible_text_skips_code_and_text_marked_chinese():
    html = (
        '<p title="提示">Hello <b>世界</b></p><script>var a = "脚本";</script>'
        '<script type="application/json">{"label": "图表"}</script>'
        '<select><option lang="zh-hans">简体中文</option><option lang="en">English</option>'
        '</select><input placeholder="搜索"><br><span>尾</span>'
    )
    assert chinese_in(html) == ["提示", "世界", "图表", "搜索", "尾"]


# ---- scripts/po_fill.py --------------------------------------------------------------------

CATALOGUE_TEXT = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: a.py:1
msgid "已有"
msgstr "Done already"

#: b.html:2
#, fuzzy, python-format
#| msgid "旧的 %(n)s"
msgid "新的 %(n)s"
msgstr "Old %(n)s"

#: c.html:3
msgid ""
"第一行\n"
"第二行"
msgstr ""

#: d.html:4
#, python-format
msgid "共 %(n)s 条"
msgid_plural "共 %(n)s 条"
msgstr[0] ""
msgstr[1] ""

msgctxt "月份"
msgid "五"
msgstr ""

msgid "五"
msgstr ""

msgid "没人翻译"
msgstr ""
"""

PENDING_TEXT = r"""msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

msgid "已有"
msgstr "Must not replace"

#, python-format
msgid "新的 %(n)s"
msgstr "New %(n)s"

msgid ""
"第一行\n"
"第二行"
msgstr "Line one\nLine \"two\""

msgid "共 %(n)s 条"
msgid_plural "共 %(n)s 条"
msgstr[0] "%(n)s record"
msgstr[1] "%(n)s records"

msgctxt "月份"
msgid "五"
msgstr "May"

msgid "五"
msgstr "Five"
"""


def test_po_fill_fills_only_empty_and_fuzzy_entries(tmp_path, capsys):
    catalogue = tmp_path / "django.po"
    pending = tmp_path / "pending.po"
    catalogue.write_text(CATALOGUE_TEXT, encoding="utf-8")
    pending.write_text(PENDING_TEXT, encoding="utf-8")

    po_fill.main([str(catalogue), str(pending)])

    output = capsys.readouterr().out
    assert "filled: 5" in output
    assert "still empty or fuzzy: 1" in output
    text = catalogue.read_text(encoding="utf-8")
    by_key = {e.key: e for e in po_fill.messages(po_fill.parse(text))}
    assert by_key[(None, "已有", None)].msgstr == {0: "Done already"}
    fuzzy = by_key[(None, "新的 %(n)s", None)]
    assert fuzzy.msgstr == {0: "New %(n)s"} and not fuzzy.fuzzy
    assert "python-format" in fuzzy.flags
    assert "#| " not in text and "#, fuzzy" not in text
    assert by_key[(None, "第一行\n第二行", None)].msgstr == {0: 'Line one\nLine "two"'}
    assert by_key[(None, "共 %(n)s 条", "共 %(n)s 条")].msgstr == {
        0: "%(n)s record",
        1: "%(n)s records",
    }
    assert by_key[("月份", "五", None)].msgstr == {0: "May"}
    assert by_key[(None, "五", None)].msgstr == {0: "Five"}
    assert by_key[(None, "没人翻译", None)].msgstr == {0: ""}
    assert "#: b.html:2\n#, python-format\nmsgid" in text  # references kept, flag line rewritten
    assert text.startswith(CATALOGUE_TEXT.split("#: a.py:1")[0])  # header untouched
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalogue)], check=True)


def test_po_fill_leaves_a_complete_catalogue_byte_for_byte(tmp_path):
    text = CATALOGUE.read_text(encoding="utf-8")
    new_text, filled, _still_empty = po_fill.fill(text, {})
    assert filled == 0
    assert new_text == text
