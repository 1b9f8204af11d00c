"""The stylesheet's colour pairs pass WCAG AA (4.5:1 for text) in light and dark mode."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "crossnote/web/static/web/app.css").read_text()


def _variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))


LIGHT = _variables(CSS.split("@media (prefers-color-scheme: dark)")[0])
DARK = {**LIGHT, **_variables(CSS.split("@media (prefers-color-scheme: dark)")[1].split("}")[1])}


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


PAIRS = [
    ("text", "bg"),
    ("text", "surface"),
    ("muted", "bg"),
    ("muted", "surface"),
    ("accent-text", "accent"),
    ("accent", "bg"),
    ("focus", "bg"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_colours_reach_aa(scheme, fg, bg):
    colours = LIGHT if scheme == "light" else DARK
    assert contrast(colours[fg], colours[bg]) >= 4.5, (scheme, fg, bg)


def test_links_in_user_text_reach_aa_in_light_mode():
    assert contrast("#1e40af", LIGHT["bg"]) >= 4.5
