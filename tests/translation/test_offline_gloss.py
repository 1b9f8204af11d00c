"""What the offline dictionary gloss does with a sentence, checked as properties (a phrase
comes out as a phrase, a particle is not glossed, a name survives), never as the whole
output of a long sentence, which would pin every detail of the dictionary."""

from __future__ import annotations

import re

import pytest

from crossnote.translation.engines.offline import OfflineEngine, gloss_chinese, gloss_english
from crossnote.translation.gloss.chinese import chinese_number
from crossnote.translation.gloss.dictionary import chinese_glosses, clean_sense


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9,']+", text.lower())


# --- Chinese → English ---------------------------------------------------------------------


def test_a_word_gets_its_common_sense_not_the_first_one_listed():
    # CC-CEDICT lists "wine shop" first; "hotel" is the far more common English word.
    assert clean_sense("wine shop") == "wine shop"
    assert chinese_glosses()["酒店"] == "hotel"
    assert _words(gloss_chinese("这家酒店的早餐很好"))[:2] == ["this", "hotel"]


def test_a_phrase_is_glossed_as_one_before_its_characters():
    glossed = gloss_chinese("冬至吃饺子啦")
    assert "winter solstice" in glossed.lower() and "dumpling" in glossed
    assert "milk tea" in gloss_chinese("奶茶半糖少冰").lower()  # not "milk" + "tea" apart


@pytest.mark.parametrize(
    ("text", "glossed_particle"),
    [
        ("冬至吃饺子啦", "sound of singing"),  # 啦: CC-CEDICT's first reading is onomatopoeia
        ("我吃饭了", "finish"),  # 了 as liao3
        ("交个朋友吧", "classifier"),
        ("今天的咖啡很好喝", "possessive"),
        ("你吃饭了吗？", "??"),  # the question particle and the mark: one "?"
    ],
)
def test_particles_are_dropped_not_glossed(text, glossed_particle):
    glossed = gloss_chinese(text)
    assert glossed_particle not in glossed
    assert not re.search(r"[\u3400-\u9fff]", glossed)  # nor left in Chinese


def test_a_question_particle_becomes_the_question_mark():
    assert gloss_chinese("你们那边现在几点了吗").endswith("?")


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        ("一杯豆浆", "one cup of soy milk", "classifier"),
        ("这家店", "this shop", "home"),  # 家 after 这 is a classifier, not "home"
        ("三天两夜", "three days two nights", "sky"),
        ("走了两万步", "20,000 steps", "万"),
        ("排了一个小时队", "one hour", "ones"),
    ],
)
def test_numbers_and_measure_words(text, expected, not_expected):
    glossed = gloss_chinese(text).lower()
    assert expected in glossed and not_expected not in glossed


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("三十", 30), ("五百", 500), ("两万", 20000)],
)
def test_chinese_numbers(numeral, value):
    assert chinese_number(numeral) == value


def test_words_that_start_with_a_numeral_stay_words():
    assert chinese_number("一二") is None
    assert "together" in gloss_chinese("我们一起去").lower()  # 一起 is not "one" + 起


def test_a_pronoun_before_de_is_a_possessive():
    assert _words(gloss_chinese("我的猫好胖"))[:2] == ["my", "cat"]


@pytest.mark.parametrize(
    ("text", "sense", "other_sense"),
    [
        ("谢谢你分享你的生活", "life", "live"),  # jieba tags 生活 a noun
        ("我帮你", "help", "gang"),
        ("特别美", "beautiful", "usa"),  # a single character's place tag is not trusted
        ("早上爬泰山", "tai", "tarzan"),  # a two-character one is: a place
    ],
)
def test_the_sense_fits_the_words_part_of_speech(text, sense, other_sense):
    words = _words(gloss_chinese(text))
    assert sense in words and other_sense not in " ".join(words)


@pytest.mark.parametrize(
    ("text", "sense"),
    [("好看！", "pretty"), ("环境很好", "good"), ("好漂亮", "so")],
)
def test_hao_reads_by_its_neighbours(text, sense):
    assert sense in _words(gloss_chinese(text))


def test_slang_the_dictionary_lacks_or_glosses_literally():
    assert "cut short" not in gloss_chinese("这个配色绝绝子")
    assert "lightning" not in gloss_chinese("避雷这家店").lower()
    assert "amazing" in gloss_chinese("绝了").lower()


def test_names_links_and_english_in_chinese_text_are_kept_as_written():
    text = "#上海探店 @小美 快来看 https://example.com/a?b=1 yyds"
    glossed = gloss_chinese(text)
    for kept in ("#上海探店", "@小美", "https://example.com/a?b=1", "yyds"):
        assert kept in glossed
    assert "come" in glossed


def test_a_glossed_sentence_starts_with_a_capital():
    assert gloss_chinese("今天去爬山了。明天见！")[:1].isupper()
    assert re.search(r"\. [A-Z]", gloss_chinese("今天去爬山了。明天见！"))


# --- English → Chinese ---------------------------------------------------------------------


def test_thanks_for_the_tip_is_thanks_not_a_tail_end():
    glossed = gloss_english("thanks for the tip")
    assert "谢谢" in glossed
    assert not {"尾梢", "尖端", "给"} & {glossed[i : i + 2] for i in range(len(glossed))}


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("the high-speed train to Beijing", "动车"),
        ("I love milk tea", "奶茶"),
        ("Good night everyone", "晚安"),
        ("No cap, it was great", "不骗你"),
    ],
)
def test_english_phrases_are_matched_before_words(text, phrase):
    assert phrase in gloss_english(text)


def test_irregular_past_forms_are_found():
    glossed = gloss_english("We went to a night market and ate everything")
    assert "去" in glossed and "吃" in glossed and "夜市" in glossed
    assert not re.search(r"[A-Za-z]", glossed)


def test_articles_are_dropped_and_unknown_names_kept():
    glossed = gloss_english("Hi RedNote! I love the Bund")
    assert "RedNote" in glossed and "Bund" in glossed
    assert "the" not in glossed


def test_names_in_english_text_are_kept_with_their_spacing():
    glossed = gloss_english("@mei thanks for the #ootd tips https://example.com/x")
    assert glossed.startswith("@mei ") and "#ootd " in glossed
    assert "https://example.com/x" in glossed


def test_traditional_chinese_target_is_converted():
    engine = OfflineEngine()
    assert engine.translate(["I love milk tea"], "en", "zh-hant", 0.0)[0].endswith("奶茶")
    assert "愛" in engine.translate(["I love milk tea"], "en", "zh-hant", 0.0)[0]


def test_the_engine_is_still_labelled_a_gloss():
    assert OfflineEngine.info.name == "offline" and OfflineEngine.info.is_gloss is True
    assert str(OfflineEngine.info.label) == "Dictionary gloss (offline)"
