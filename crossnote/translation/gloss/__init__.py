"""The offline dictionary gloss behind the `offline` engine: Chinese → English
(chinese.py), English → Chinese (english.py), the CC-CEDICT tables both read
(dictionary.py) and the hand-written ones (lexicon.py)."""
