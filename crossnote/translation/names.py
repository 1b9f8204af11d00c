"""Keeping #hashtags and @mentions out of what the engines translate.

They are names, not words: `#travel` glossed into `#游客` links to a tag page that does not
exist, and an engine may drop the spaces between tags (`#游客#旅行`) or translate a
username. So a text is cut into stretches of prose and runs of names (`#travel #上海`,
`@mei`: tags and mentions with only spaces between them); only the prose goes to an engine,
and the text is put back together with the names and the whitespace around them exactly as
the author wrote them. This holds for every engine, whatever it does with unusual tokens
(placeholders are squeezed, respaced or translated by some services), at the cost of an
inline name splitting its sentence into two for the engine.

The shapes are the ones `web.formatting.linkify` links (see `tags.parsing`), plus
RedNote's closing `#` (`#穿搭#`) and tags written together (`#travel#food`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A name after the first one in a run may follow it directly (`#穿搭#OOTD`).
_NAME = r"@\w(?:[\w.]*\w)?|[#＃]\w[\w·]*(?:[#＃](?!\w))?"
_FIRST = r"(?<![A-Za-z0-9_@.])@\w(?:[\w.]*\w)?|(?<![A-Za-z0-9_])[#＃]\w[\w·]*(?:[#＃](?!\w))?"
_RUN = re.compile(rf"((?:{_FIRST})(?:[^\S\n]*(?:{_NAME}))*)")


@dataclass(frozen=True)
class Cut:
    """A text as alternating pieces: prose at even positions, name runs at odd ones."""

    pieces: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Cut:
        return cls(tuple(_RUN.split(text)))

    @property
    def prose(self) -> list[str]:
        """What an engine should translate: each stretch between names, without the
        whitespace around it; blank stretches are left out."""
        return [p.strip() for p in self.pieces[0::2] if p.strip()]

    def rejoin(self, translated: Iterator[str]) -> str:
        """The text again, each stretch of `prose` replaced by the next of `translated`
        (consumed in order), the names and the whitespace next to them as they were.

        A space is added only where a translation would otherwise run into a name and
        change it: a Latin letter before `#`, or a word character right after a name."""
        out: list[str] = []
        for i, piece in enumerate(self.pieces):
            if i % 2:
                if out and _glued_before(out[-1]):
                    out.append(" ")
                out.append(piece)
                continue
            if piece.strip():
                lead = piece[: len(piece) - len(piece.lstrip())]
                trail = piece[len(piece.rstrip()) :]
                piece = lead + next(translated) + trail
                if out and _glued_after(piece):
                    out.append(" ")
            out.append(piece)
        return "".join(out)


def _glued_before(text: str) -> bool:
    last = text[-1:]
    return bool(last) and last.isascii() and (last.isalnum() or last in "_@.&")


def _glued_after(text: str) -> bool:
    return bool(text) and (text[0].isalnum() or text[0] in "_·")
