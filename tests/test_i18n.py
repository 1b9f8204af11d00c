"""The Simplified Chinese catalog is complete, compiled, and used."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

CATALOG = Path(__file__).resolve().parent.parent / "crossnote/locale/zh_Hans/LC_MESSAGES"


def test_every_message_is_translated():
    po = polib.pofile(str(CATALOG / "django.po"))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == []


def test_the_compiled_catalog_matches_the_source():
    po = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.pofile(str(CATALOG / "django.po"))
        if not e.obsolete
    }
    mo = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(CATALOG / "django.mo"))
        if e.msgid
    }
    assert po == mo, (
        "run: msgfmt --check -o crossnote/locale/zh_Hans/LC_MESSAGES/django.mo …/django.po"
    )


@pytest.mark.parametrize(
    ("english", "chinese"),
    [("Discover", "发现"), ("Please log in first.", "请先登录。")],
)
def test_strings_come_out_in_chinese(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese


def test_the_ui_follows_accept_language_and_the_switcher(client, db):
    assert "发现" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "Discover" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "发现" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()


def test_api_errors_speak_the_persons_language(client, db):
    response = client.get("/api/v1/feeds/following", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["message"])


def test_every_marked_string_is_in_the_catalog(tmp_path, monkeypatch):
    """A string marked for translation but never extracted (`make messages` not run) would
    reach Chinese readers in English: extract into a copy and compare."""
    import shutil

    from django.core.management import call_command

    source = CATALOG.parents[2]  # the crossnote package
    copy = tmp_path / "crossnote"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "demo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    extracted = {
        (e.msgctxt, e.msgid)
        for e in polib.pofile(str(copy / CATALOG.relative_to(source) / "django.po"))
    }
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOG / "django.po"))}
    assert extracted - ours == set(), "run: make messages, then translate the new entries"
