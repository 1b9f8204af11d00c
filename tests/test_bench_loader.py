"""The bench's raw loader fills the columns its generator does not name with their fields'
defaults, so a field added to a model later does not break `python -m bench.run`."""

from __future__ import annotations

from bench.generate import NOTE_COLUMNS
from bench.loader import _with_defaults
from crossnote.notes.models import Note


def test_columns_left_out_get_their_defaults() -> None:
    row = tuple(range(len(NOTE_COLUMNS)))
    columns, rows = _with_defaults("notes_note", NOTE_COLUMNS, [row])
    filled = dict(zip(columns, next(iter(rows)), strict=True))
    assert filled["original_platform"] == ""  # added by the imports, unknown to the generator
    assert filled["title"] == NOTE_COLUMNS.index("title")  # what was named is kept
    nullable = {f.column for f in Note._meta.concrete_fields if f.null}
    assert not nullable & (set(columns) - set(NOTE_COLUMNS))  # NULL is left to the database
