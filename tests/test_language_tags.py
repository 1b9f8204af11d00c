"""Language tags as people write them (BCP 47, any case) are accepted wherever a language
comes in — translation targets in the API and on the web, the languages and reading language
of an account, guide pairs — and answered with Crossnote's own code. What is not a tag, or
names a language Crossnote does not handle, is a 4xx with a message, and nothing is stored."""

from __future__ import annotations

import pytest
from django.utils import translation

from crossnote.accounts.models import User
from crossnote.core.errors import InvalidInput
from crossnote.guides.languages import parse_pair
from crossnote.translation.languages import SPOKEN_LANGUAGES, parse_language_tag
from crossnote.translation.models import Translation

TAGS = [
    ("zh", "zh-hans"),
    ("ZH", "zh-hans"),
    ("zh-CN", "zh-hans"),
    ("zh-cn", "zh-hans"),
    ("zh_CN", "zh-hans"),
    ("zh-Hans", "zh-hans"),
    ("zh-hans", "zh-hans"),
    ("ZH-HANS", "zh-hans"),
    ("zh-SG", "zh-hans"),
    ("zh-Hans-CN", "zh-hans"),
    ("cmn-Hans", "zh-hans"),
    ("cmn", "zh-hans"),
    ("zh-TW", "zh-hant"),
    ("zh-tw", "zh-hant"),
    ("zh-HK", "zh-hant"),
    ("zh-MO", "zh-hant"),
    ("zh-Hant", "zh-hant"),
    ("zh-hant", "zh-hant"),
    ("zh-Hant-TW", "zh-hant"),
    ("cmn-Hant-TW", "zh-hant"),
    ("en", "en"),
    ("en-US", "en"),
    ("EN-gb", "en"),
    ("en-Latn-US", "en"),
    (" en ", "en"),
]
# Not a language tag at all.
MALFORMED = ["", "  ", "zh-", "-zh", "zh--CN", "../", "zh/../en", "zh\x00", "x" * 300, "中文", "1"]
# Real tags of languages (or scripts) Crossnote does not translate.
UNHANDLED = ["fr", "ja-JP", "yue", "zh-Latn", "de-CH"]


@pytest.fixture(autouse=True)
def _english():
    """Messages in English unless a test says otherwise (a request before may have left
    another language active in this thread)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("tag", "code"), TAGS)
def test_the_rule(tag, code):
    assert parse_language_tag(tag) == code


@pytest.mark.parametrize("tag", MALFORMED)
def test_what_is_not_a_tag_is_refused_with_a_message(tag):
    with pytest.raises(InvalidInput, match="is not a language tag") as refused:
        parse_language_tag(tag)
    assert refused.value.code == "invalid_target"
    assert "\x00" not in refused.value.message and len(refused.value.message) < 200


@pytest.mark.parametrize("tag", UNHANDLED)
def test_a_language_crossnote_does_not_translate_is_named_in_the_refusal(tag):
    with pytest.raises(InvalidInput, match="between English and Chinese") as refused:
        parse_language_tag(tag)
    assert f"“{tag}”" in refused.value.message


def test_the_refusal_is_in_the_readers_language():
    with translation.override("zh-hans"), pytest.raises(InvalidInput) as refused:
        parse_language_tag("fr")
    assert "英文和中文" in refused.value.message


def test_languages_people_speak_are_a_wider_set():
    assert parse_language_tag("fr-CA", SPOKEN_LANGUAGES) == "fr"
    assert parse_language_tag("JA", SPOKEN_LANGUAGES) == "ja"
    with pytest.raises(InvalidInput, match="does not know the language"):
        parse_language_tag("sw", SPOKEN_LANGUAGES)


# --- The API --------------------------------------------------------------------------------


@pytest.fixture
def notes(make_user, post_note):
    _mei, mei = make_user("mei", languages=["zh-hans"])
    return mei, {
        "zh": post_note(mei, "今天的咖啡很好喝", title="咖啡"),
        "en": post_note(mei, "I love coffee and noodles", title="Coffee"),
    }


@pytest.mark.parametrize(("tag", "code"), TAGS)
def test_a_translation_target_through_the_api(notes, tag, code):
    mei, by_language = notes
    note = by_language["zh" if code == "en" else "en"]
    answer = mei.get(f"/notes/{note['id']}/translation", target=tag)
    assert answer.status_code == 200
    assert answer.json()["target"] == code and answer.json()["available"] is True
    assert set(Translation.objects.values_list("target", flat=True)) == {code}


@pytest.mark.parametrize("tag", MALFORMED + UNHANDLED)
def test_a_bad_target_through_the_api_is_a_400_and_stores_nothing(notes, tag):
    mei, by_language = notes
    for path in ("/translation", "/translation/comments"):
        answer = mei.get(f"/notes/{by_language['zh']['id']}{path}", target=tag)
        assert answer.status_code == 400
        assert answer.json()["error"] == "invalid_target" and answer.json()["message"]
    assert not Translation.objects.exists()


def test_bio_translation_takes_a_tag(make_user):
    _mei, mei = make_user("mei", bio="我喜欢喝咖啡")
    answer = mei.get("/users/mei/bio/translation", target="EN-us").json()
    assert answer["target"] == "en" and "coffee" in answer["parts"][0]


def test_account_languages_take_tags_and_keep_our_codes(make_user):
    user, client = make_user("anna")
    me = client.patch("/me", {"languages": ["EN-gb", "zh-TW", "zh_HK"], "reading_language": "zh"})
    assert me.status_code == 200
    assert me.json()["languages"] == ["en", "zh-hant"]  # zh_HK is zh-TW's language again
    assert me.json()["reading_language"] == "zh-hans"
    user.refresh_from_db()
    assert (user.languages, user.reading_language) == (["en", "zh-hant"], "zh-hans")


@pytest.mark.parametrize("tag", ["zh-", "../", "x" * 12, "sw", "\x00"])
def test_a_bad_account_language_changes_nothing(make_user, tag):
    user, client = make_user("anna", languages=["en"], reading_language="en", bio="hi")
    answer = client.patch("/me", {"languages": ["zh", tag], "bio": "changed"})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_language"
    answer = client.patch("/me", {"reading_language": tag})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_language"
    user.refresh_from_db()
    assert (user.languages, user.reading_language, user.bio) == (["en"], "en", "hi")


def test_signing_up_with_a_tag(api):
    answer = api.post(
        "/auth/signup",
        {"username": "lin", "password": "a long enough pass 42", "languages": ["zh-CN"]},
    )
    assert answer.status_code == 201
    assert answer.json()["user"]["languages"] == ["zh-hans"]
    refused = api.post(
        "/auth/signup",
        {"username": "lou", "password": "a long enough pass 42", "languages": ["zh-"]},
    )
    assert refused.status_code == 400 and not User.objects.filter(username="lou").exists()


# --- The web --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "word"), [("en-US", "coffee"), ("EN", "coffee"), ("zh-TW", "我愛"), ("zh-CN", "我爱")]
)
def test_a_translation_target_on_the_web(notes, client, tag, word):
    _mei, by_language = notes
    note = by_language["zh" if tag.lower().startswith("en") else "en"]
    page = client.get(f"/notes/{note['id']}/translate", {"target": tag})
    assert page.status_code == 200 and word in page.content.decode()


@pytest.mark.parametrize("tag", ["fr", "zh-", "../", "x" * 300])
def test_a_bad_target_on_the_web_is_a_400_with_the_message(notes, client, tag):
    _mei, by_language = notes
    for path in ("/translate", ""):
        page = client.get(f"/notes/{by_language['zh']['id']}{path}", {"target": tag})
        assert page.status_code == 400
        assert "language tag" in page.content.decode() or "English and Chinese" in (
            page.content.decode()
        )
    assert not Translation.objects.exists()


def test_the_settings_form_takes_a_tag(make_user, client):
    user, _anna = make_user("anna", languages=["en"])
    client.force_login(user)
    client.post(
        "/settings",
        {"display_name": "Anna", "languages": ["en", "zh-HK"], "reading_language": "zh-HK"},
    )
    user.refresh_from_db()
    assert (user.languages, user.reading_language) == (["en", "zh-hant"], "zh-hant")


# --- Guide pairs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "pair"),
    [
        ("en-zh", ("en", "zh")),
        ("zh-en", ("en", "zh")),
        ("EN-ZH", ("en", "zh")),
        ("zh-hans-en", ("en", "zh")),
        ("zh-TW-en", ("en", "zh")),
        ("en-US/zh-CN", ("en", "zh")),
        ("de-DE-en", ("de", "en")),
        ("ja-zh-Hant", ("ja", "zh")),
    ],
)
def test_guide_pairs_take_tags(raw, pair):
    assert parse_pair(raw) == pair


@pytest.mark.parametrize("raw", ["en", "en-zh-ja", "../", "en-sw", "x" * 300])
def test_a_bad_guide_pair_is_refused(raw):
    with pytest.raises(InvalidInput):
        parse_pair(raw)


def test_the_hub_takes_a_pair_of_tags(api):
    answer = api.get("/guides/hub", pair="zh-TW-en")
    assert answer.status_code == 200 and answer.json()["pair"] == "en-zh"
