"""The demo's photos and avatars, drawn with Pillow from a motif name and a seed.

Nothing is downloaded or copied: each picture is a soft gradient with a few out-of-focus
circles, and one simple object drawn in a 100×100 square in the middle (a cup for coffee,
mountains for travel, a lipstick for beauty…). The same name and seed give the same picture
on every machine. Sizes follow RedNote: 3:4 portrait is the usual, 1:1 and 4:3 for variety.
"""

from __future__ import annotations

import colorsys
import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

SHAPES = {"portrait": (720, 960), "square": (960, 960), "landscape": (960, 720)}
AVATAR_SIZE = 480
JPEG_QUALITY = 88

# A palette colour's name ("main"), a name with an alpha (("main", 90)), or RGBA.
Color = str | tuple[str, int] | tuple[int, int, int, int]

# Four background corners (top-left, top-right, bottom-left, bottom-right), then the inks.
PALETTES: dict[str, dict[str, tuple[str, ...] | str]] = {
    "latte": {"bg": ("#f6e7d8", "#fbefe4", "#eacbb0", "#f3d9c4"), "main": "#8a5a3b",
              "accent": "#d9a273", "accent2": "#7a9e7e", "dark": "#4b2e1f", "soft": "#fffaf4"},
    "peach": {"bg": ("#ffe3d3", "#fff1e6", "#f7c2a5", "#ffd0b8"), "main": "#e4572e",
              "accent": "#ffd166", "accent2": "#7cb518", "dark": "#5c3d2e", "soft": "#fffaf5"},
    "blush": {"bg": ("#fde2e4", "#fff0f3", "#e8c5e5", "#f9cfd8"), "main": "#c9184a",
              "accent": "#ffb3c1", "accent2": "#d4a373", "dark": "#3d2c3e", "soft": "#fffafb"},
    "sky": {"bg": ("#bde0fe", "#cde7f0", "#ffd6a5", "#ffe5d9"), "main": "#457b9d",
            "accent": "#f4a261", "accent2": "#2a9d8f", "dark": "#1d3557", "soft": "#ffffff"},
    "mint": {"bg": ("#d8f3dc", "#f1faee", "#b7e4c7", "#fefae0"), "main": "#40916c",
             "accent": "#ffb703", "accent2": "#90be6d", "dark": "#1b4332", "soft": "#ffffff"},
    "linen": {"bg": ("#efe6dd", "#f5ebe0", "#d6ccc2", "#e3d5ca"), "main": "#a98467",
              "accent": "#6b9080", "accent2": "#f6bd60", "dark": "#3e3a36", "soft": "#fdfcfb"},
    "night": {"bg": ("#22223b", "#4a4e69", "#3a3a5e", "#9a8c98"), "main": "#f2e9e4",
              "accent": "#ffb703", "accent2": "#e76f51", "dark": "#14142b", "soft": "#c9ada7"},
    "festive": {"bg": ("#ffddd2", "#fff1e6", "#e5989b", "#ffb4a2"), "main": "#d62828",
                "accent": "#fcbf49", "accent2": "#003049", "dark": "#6a040f", "soft": "#fff8f0"},
    "lilac": {"bg": ("#e9e3f5", "#f6f1fb", "#cdb4db", "#d7cdeb"), "main": "#6d597a",
              "accent": "#e56b6f", "accent2": "#eaac8b", "dark": "#355070", "soft": "#ffffff"},
}  # fmt: skip


def _hex(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _shift_hue(color: str, turn: float) -> tuple[int, int, int]:
    r, g, b = (c / 255 for c in _hex(color))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    r, g, b = colorsys.hsv_to_rgb((h + turn) % 1.0, s, v)
    return round(r * 255), round(g * 255), round(b * 255)


class Canvas:
    """A picture being drawn. Motifs work in a 100×100 square in the middle of the image,
    so the same drawing fits every shape; `ink` names a palette colour, with optional alpha.

    The seed moves, sizes and tints the drawing a little, so two photos of one motif (two
    lipsticks, two cups) are not the same picture."""

    def __init__(self, size: tuple[int, int], palette: str, rng: random.Random) -> None:
        self.width, self.height = size
        self.rng = rng
        self.colors = PALETTES[palette]
        self.turn = rng.uniform(-0.035, 0.035)
        self.unit = min(size) / 100 * rng.uniform(0.86, 1.0)
        self.ox = (self.width - 100 * self.unit) / 2 + rng.uniform(-4, 4) * self.unit
        self.oy = (self.height - 100 * self.unit) / 2 + rng.uniform(-3, 3) * self.unit
        self.layer = Image.new("RGBA", size, (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.layer)

    def ink(self, name: str, alpha: int = 255) -> tuple[int, int, int, int]:
        if name in self.colors:
            value = self.colors[name]
            assert isinstance(value, str)
            return (*_shift_hue(value, self.turn), alpha)
        return (*_hex(name), alpha)  # a colour of the motif's own, "#rrggbb"

    def _xy(self, coords: tuple[float, ...]) -> list[tuple[float, float]]:
        u, pairs = self.unit, zip(coords[::2], coords[1::2], strict=True)
        return [(self.ox + x * u, self.oy + y * u) for x, y in pairs]

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
        return self._xy((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))

    def oval(self, x0: float, y0: float, x1: float, y1: float, color: Color) -> None:
        self.draw.ellipse(self._box(x0, y0, x1, y1), fill=self._c(color))

    def circle(self, x: float, y: float, r: float, color: Color) -> None:
        self.oval(x - r, y - r, x + r, y + r, color)

    def rect(self, x0: float, y0: float, x1: float, y1: float, color: Color, r: float = 0) -> None:
        self.draw.rounded_rectangle(
            self._box(x0, y0, x1, y1), radius=r * self.unit, fill=self._c(color)
        )

    def poly(self, color: Color, *coords: float) -> None:
        self.draw.polygon(self._xy(coords), fill=self._c(color))

    def line(self, color: Color, width: float, *coords: float) -> None:
        self.draw.line(
            self._xy(coords), fill=self._c(color), width=max(1, round(width * self.unit)),
            joint="curve",
        )  # fmt: skip

    def arc(self, box: tuple[float, float, float, float], start: float, end: float,
            color: Color, width: float) -> None:  # fmt: skip
        self.draw.arc(self._box(*box), start, end, fill=self._c(color),
                      width=max(1, round(width * self.unit)))  # fmt: skip

    def pie(self, box: tuple[float, float, float, float], start: float, end: float,
            color: Color) -> None:  # fmt: skip
        self.draw.pieslice(self._box(*box), start, end, fill=self._c(color))

    def chord(self, box: tuple[float, float, float, float], start: float, end: float,
              color: Color) -> None:  # fmt: skip
        self.draw.chord(self._box(*box), start, end, fill=self._c(color))

    def _c(self, color: Color) -> tuple[int, int, int, int]:
        if isinstance(color, str):
            return self.ink(color)
        if isinstance(color[0], str):
            return self.ink(color[0], color[1])  # type: ignore[arg-type]
        return color  # type: ignore[return-value]

    def table(self, top: float = 74) -> None:
        """A surface under the object, reaching the image's edges whatever its shape."""
        y = self.oy + top * self.unit
        self.draw.rectangle((0, y, self.width, self.height), fill=self.ink("soft", 150))

    def shadow(self, x0: float, x1: float, y: float) -> None:
        self.oval(x0, y - 2.5, x1, y + 2.5, (0, 0, 0, 34))

    def steam(self, x: float, y: float) -> None:
        for dx in (-6, 0, 6):
            self.arc((x + dx - 3, y - 14, x + dx + 3, y - 7), 90, 270, "soft", 1.2)
            self.arc((x + dx - 3, y - 21, x + dx + 3, y - 14), 270, 90, "soft", 1.2)


# --- Motifs: each draws one object into the 100×100 square ---------------------------------


def _coffee(c: Canvas) -> None:
    c.table()
    c.shadow(22, 78, 80)
    c.oval(22, 70, 78, 84, "soft")
    c.arc((58, 44, 76, 62), 270, 90, "main", 4)
    c.poly("main", 30, 40, 68, 40, 63, 74, 35, 74)
    c.oval(30, 36, 68, 44, "dark")
    c.circle(49, 40, 2.6, "accent")
    c.poly("accent", 46.5, 40, 51.5, 40, 49, 43)
    c.steam(49, 34)


def _tea(c: Canvas) -> None:
    c.table()
    c.shadow(18, 70, 80)
    c.oval(22, 42, 66, 80, "accent2")
    c.poly("accent2", 62, 58, 80, 44, 82, 47, 66, 66)
    c.arc((10, 50, 30, 70), 90, 270, "accent2", 3.5)
    c.rect(36, 36, 52, 44, "dark", 3)
    c.circle(44, 35, 2.5, "dark")
    c.oval(70, 68, 86, 80, "soft")
    c.oval(71, 66, 85, 70, "main")
    c.steam(44, 30)


def _bowl(c: Canvas) -> None:
    c.table()
    c.shadow(18, 82, 78)
    for i in range(7):
        x = 28 + i * 7
        c.line("accent", 2, x, 50, x + 3, 42, x - 1, 36, x + 2, 30)
    c.line("dark", 2, 60, 56, 86, 22)
    c.line("dark", 2, 66, 56, 92, 26)
    c.pie((18, 30, 82, 78), 0, 180, "main")
    c.rect(18, 52, 82, 55, "soft", 1.5)
    c.steam(50, 26)


def _hotpot(c: Canvas) -> None:
    c.table(70)
    c.shadow(10, 90, 82)
    c.circle(50, 54, 34, "dark")
    c.circle(50, 54, 30, "main")
    c.pie((20, 24, 80, 84), 90, 270, "soft")
    for _ in range(14):
        x, y = c.rng.uniform(56, 74), c.rng.uniform(36, 72)
        c.circle(x, y, 1.4, "accent")
    for _ in range(6):
        x, y = c.rng.uniform(28, 44), c.rng.uniform(38, 70)
        c.circle(x, y, 2.2, "accent2")
    c.line("dark", 3, 20, 54, 80, 54)
    c.steam(50, 18)


def _claypot(c: Canvas) -> None:
    c.table(70)
    c.shadow(14, 86, 84)
    c.oval(10, 50, 26, 60, "dark")
    c.oval(74, 50, 90, 60, "dark")
    c.chord((16, 30, 84, 90), 0, 180, "dark")
    c.rect(16, 50, 84, 62, "dark")
    c.chord((22, 36, 78, 62), 180, 360, "main")
    c.circle(50, 36, 3.5, "accent")
    c.line(("soft", 120), 1, 26, 54, 74, 54)
    c.steam(50, 30)


def _dumplings(c: Canvas) -> None:
    c.table(62)
    c.shadow(8, 92, 84)
    c.oval(8, 52, 92, 86, "soft")
    c.oval(14, 56, 86, 82, "main")
    for x, y in ((24, 60), (44, 56), (62, 62), (32, 70), (54, 72)):
        c.chord((x, y - 8, x + 22, y + 14), 180, 360, "soft")
        for k in range(4):
            c.line("accent", 0.8, x + 5 + k * 4, y - 4, x + 6 + k * 4, y + 2)
    c.line("dark", 2, 66, 30, 96, 48)


def _skewers(c: Canvas) -> None:
    c.table(66)
    c.shadow(10, 90, 84)
    for i, y in enumerate((38, 50, 62)):
        c.line("accent2", 1.5, 10, y + 8, 90, y - 8)
        for k in range(4):
            x = 24 + k * 15
            color = ("main", "accent", "dark", "main")[(k + i) % 4]
            c.circle(x, y + 8 - (x - 10) / 5, 5.5, color)


def _dimsum(c: Canvas) -> None:
    c.table(62)
    c.shadow(12, 88, 86)
    c.oval(12, 56, 88, 86, "accent2")
    c.oval(16, 50, 84, 78, "accent")
    for x, y in ((34, 60), (50, 56), (66, 60), (42, 68), (58, 68)):
        c.circle(x, y, 8, "soft")
        c.circle(x, y - 1, 1.3, "main")
    for k in range(9):
        c.line("accent2", 0.8, 18 + k * 8, 50, 18 + k * 8, 52)
    c.steam(50, 44)


def _lipstick(c: Canvas) -> None:
    c.shadow(18, 82, 86)
    c.rect(30, 58, 48, 86, "dark", 2)
    c.rect(32, 46, 46, 58, "accent2", 1)
    c.poly("main", 33, 46, 45, 46, 45, 30, 33, 38)
    c.rect(56, 62, 80, 86, "dark", 2)
    c.rect(58, 64, 78, 66, "accent2")
    c.rect(58, 18, 94, 40, "soft", 2)  # a swatch card
    c.line("main", 4, 63, 31, 72, 25, 80, 30, 89, 25)


def _palette(c: Canvas) -> None:
    c.shadow(10, 80, 84)
    c.rect(10, 30, 80, 80, "dark", 6)
    c.rect(13, 33, 77, 77, "soft", 4)
    shades = ("accent", "main", "accent2", "#e9c46a", "#b5838d", "#6d6875")
    for i, shade in enumerate(shades):
        c.circle(25 + (i % 3) * 20, 45 + (i // 3) * 20, 7.5, shade)
    c.line("accent2", 2.5, 70, 92, 92, 20)
    c.oval(87, 10, 97, 26, "dark")


def _skincare(c: Canvas) -> None:
    c.table(70)
    c.shadow(16, 86, 82)
    c.rect(24, 30, 46, 82, "soft", 5)
    c.rect(30, 18, 40, 30, "accent2", 1)
    c.rect(33, 12, 49, 16, "accent2", 1)
    c.rect(28, 46, 42, 60, "accent", 2)
    c.rect(54, 56, 82, 82, "accent", 4)
    c.rect(52, 50, 84, 58, "main", 3)
    c.poly("soft", 66, 28, 70, 38, 62, 38)
    c.circle(66, 40, 4.2, "soft")


def _face(c: Canvas) -> None:
    c.circle(50, 46, 36, "dark")
    c.rect(14, 46, 86, 100, "dark", 10)
    c.oval(30, 24, 70, 74, "#f6d5c1")
    c.rect(44, 70, 56, 86, "#f6d5c1")
    c.oval(24, 80, 76, 110, "accent2")
    if c.rng.random() < 0.7:  # some steps of a tutorial have eyeshadow, some not yet
        c.oval(34, 37, 46, 43, ("main", 90))
        c.oval(54, 37, 66, 43, ("main", 90))
    c.arc((35, 40, 45, 48), 200, 340, "dark", 1.2)
    c.arc((55, 40, 65, 48), 200, 340, "dark", 1.2)
    c.circle(37, 56, 4.5, ("accent", 200))
    c.circle(63, 56, 4.5, ("accent", 200))
    c.chord((43, 58, 57, 66), 0, 180, "main")
    c.line("dark", 1.2, 34, 35, 44, 33)
    c.line("dark", 1.2, 56, 33, 66, 35)


def _outfit(c: Canvas) -> None:
    c.line("dark", 1.5, 20, 8, 80, 8)
    c.arc((46, 10, 54, 20), 180, 360, "dark", 1.5)
    c.line("dark", 1.5, 50, 20, 30, 28, 70, 28, 50, 20)
    if c.rng.random() < 0.5:
        c.poly("main", 36, 28, 64, 28, 64, 44, 80, 92, 20, 92, 36, 44)
        c.rect(36, 42, 64, 46, "accent")
    else:
        c.poly("main", 32, 28, 68, 28, 80, 40, 74, 48, 68, 42, 68, 62, 32, 62, 32, 42, 26, 48,
               20, 40)  # fmt: skip
        c.poly("dark", 34, 62, 66, 62, 68, 96, 53, 96, 50, 70, 47, 96, 32, 96)
        c.line("accent", 1.2, 50, 28, 50, 62)


def _bag(c: Canvas) -> None:
    c.shadow(16, 84, 86)
    c.arc((32, 14, 68, 54), 180, 360, "dark", 3)
    c.rect(18, 34, 82, 84, "main", 6)
    c.rect(18, 34, 82, 48, "dark", 6)
    c.rect(44, 44, 56, 54, "accent", 2)


def _sneaker(c: Canvas) -> None:
    c.shadow(10, 92, 74)
    c.poly("soft", 12, 70, 14, 46, 36, 42, 56, 56, 84, 58, 92, 66, 92, 72, 12, 72)
    c.poly("main", 14, 48, 36, 44, 50, 54, 30, 60)
    c.rect(12, 66, 92, 74, "dark", 2)
    for k in range(4):
        c.line("dark", 1, 36 + k * 4, 46 + k * 2, 40 + k * 4, 44 + k * 2)
    c.line("accent", 2, 56, 62, 82, 62)


def _mountain(c: Canvas) -> None:
    c.circle(72, 28, 10, "accent")
    c.poly("accent2", -60, 78, 20, 36, 62, 78)
    c.poly("main", 20, 82, 62, 26, 110, 82)
    c.poly("soft", 55, 35, 62, 26, 69, 35, 64, 33, 60, 37)
    c.rect(-60, 78, 160, 200, "dark")
    for k in range(3):
        c.line(("soft", 140), 0.8, 30 + k * 14, 86 + k * 4, 40 + k * 14, 86 + k * 4)


def _skyline(c: Canvas) -> None:
    c.circle(78, 20, 7, "soft")
    x = -40.0
    while x < 140:
        w, h = c.rng.uniform(8, 16), c.rng.uniform(18, 46)
        c.rect(x, 80 - h, x + w, 80, "dark")
        for wy in range(int(84 - h), 76, 6):
            if c.rng.random() < 0.5:
                c.rect(x + 2, wy, x + 4, wy + 2, "accent")
        x += w + 1
    c.line("main", 1.5, 50, 14, 50, 80)
    c.circle(50, 38, 6, "accent2")
    c.circle(50, 60, 4, "accent2")
    c.rect(-60, 80, 160, 200, ("accent2", 90))
    c.line(("accent", 120), 0.8, 30, 86, 42, 86)


def _metro(c: Canvas) -> None:
    lines = (("main", 4, 50, 96, 50), ("accent", 30, 4, 30, 96),
             ("accent2", 8, 88, 92, 12), ("#e63946", 70, 4, 70, 96))  # fmt: skip
    for color, *coords in lines:
        c.line(color, 4, *coords)
    c.line("#9b5de5", 4, 4, 24, 50, 24, 70, 34, 96, 34)
    for x, y in ((30, 50), (70, 50), (30, 24), (70, 34), (50, 50), (21, 77), (82, 22)):
        c.circle(x, y, 4, "dark")
        c.circle(x, y, 2.6, "soft")


def _street(c: Canvas) -> None:
    c.poly("#d8cfc4", 40, 40, 60, 40, 110, 110, -10, 110)
    c.line("soft", 1, 50, 44, 50, 54)
    c.line("soft", 1, 50, 62, 50, 78)
    for side in (-1, 1):
        for k, depth in enumerate((0.45, 0.7, 1.0)):
            x = 50 + side * (12 + 30 * depth)
            base = 40 + 50 * depth - 4
            c.rect(x - 1.2 * depth, base - 26 * depth, x + 1.2 * depth, base, "dark")
            r = 14 * depth
            tint = ("main", "accent2", "main")[k]
            c.circle(x, base - 30 * depth, r, tint)
            c.circle(x + side * r * 0.5, base - 36 * depth, r * 0.7, "accent2")


def _hutong(c: Canvas) -> None:
    c.rect(-60, 30, 160, 90, "#9aa0a6")
    for row in range(10):
        y = 32 + row * 6
        c.line(("soft", 70), 0.5, -60, y, 160, y)
    c.poly("dark", -60, 30, 160, 30, 150, 22, -50, 22)
    c.rect(34, 40, 66, 90, "#b23a48")
    c.line("dark", 1, 50, 40, 50, 90)
    c.circle(45, 64, 2, "accent")
    c.circle(55, 64, 2, "accent")
    c.rect(30, 36, 70, 40, "dark")
    c.rect(-60, 90, 160, 200, "#d8cfc4")


def _palace(c: Canvas) -> None:
    c.rect(-60, 52, 160, 90, "#b5302d")
    for x in range(-60, 160, 12):
        c.line(("soft", 60), 0.6, x, 52, x, 90)
    c.poly("#e9b949", 12, 40, 88, 40, 98, 52, 2, 52)
    c.poly("#c99a2e", 22, 30, 78, 30, 86, 40, 14, 40)
    c.line("#c99a2e", 1, 2, 52, -2, 48)
    c.line("#c99a2e", 1, 98, 52, 102, 48)
    c.rect(42, 62, 58, 90, "dark", 6)
    c.rect(-60, 90, 160, 200, "#eadfce")


def _greatwall(c: Canvas) -> None:
    c.poly("accent2", -60, 70, 10, 40, 40, 58, 70, 32, 160, 66, 160, 200, -60, 200)
    c.poly("main", -60, 90, 30, 64, 60, 80, 100, 56, 160, 82, 160, 200, -60, 200)
    wall = (-60, 82, 4, 58, 30, 60, 54, 46, 78, 40, 160, 54)
    c.line("#c2a878", 3.5, *wall)
    for x, y in ((4, 58), (54, 46), (78, 40)):
        c.rect(x - 4, y - 10, x + 4, y, "#a68a5b")
        c.rect(x - 4, y - 12, x + 4, y - 10, "dark")
    c.circle(82, 16, 6, "accent")


def _panda(c: Canvas) -> None:
    for x in (14, 20, 84):
        c.line("accent2", 3, x, 100, x + 4, 0)
        c.oval(x + 2, 30, x + 14, 34, "accent2")
    c.circle(32, 30, 9, "dark")
    c.circle(68, 30, 9, "dark")
    c.circle(50, 52, 28, "soft")
    c.oval(34, 42, 46, 56, "dark")
    c.oval(54, 42, 66, 56, "dark")
    c.circle(41, 48, 2, "soft")
    c.circle(59, 48, 2, "soft")
    c.oval(46, 58, 54, 63, "dark")
    c.circle(36, 62, 3, ("accent", 160))
    c.circle(64, 62, 3, ("accent", 160))


def _lanterns(c: Canvas) -> None:
    c.line("dark", 0.8, -60, 12, 160, 20)
    for x, y, r in ((24, 40, 13), (52, 50, 16), (80, 38, 12)):
        c.line("dark", 0.8, x, 14 + (x + 60) / 27.5, x, y - r)
        c.oval(x - r, y - r * 0.8, x + r, y + r * 0.8, "main")
        c.arc((x - r * 0.5, y - r * 0.8, x + r * 0.5, y + r * 0.8), 90, 270, ("accent", 150), 0.6)
        c.arc((x - r * 0.5, y - r * 0.8, x + r * 0.5, y + r * 0.8), 270, 90, ("accent", 150), 0.6)
        c.rect(x - r * 0.4, y - r * 0.95, x + r * 0.4, y - r * 0.75, "accent")
        c.rect(x - r * 0.4, y + r * 0.75, x + r * 0.4, y + r * 0.95, "accent")
        c.line("accent", 1.2, x, y + r, x, y + r * 1.6)


def _plant(c: Canvas) -> None:
    c.table(78)
    c.shadow(30, 70, 88)
    for angle, length in ((-60, 34), (-30, 40), (0, 44), (30, 38), (60, 32), (-10, 28)):
        dx = angle / 60 * length * 0.7
        c.line("dark", 1, 50, 62, 50 + dx, 62 - length)
        c.oval(50 + dx - 6, 62 - length - 8, 50 + dx + 6, 62 - length + 8, "accent2")
    c.poly("main", 34, 60, 66, 60, 62, 88, 38, 88)
    c.rect(32, 58, 68, 63, "accent", 1)


def _room(c: Canvas) -> None:
    c.rect(-60, 76, 160, 200, "main")
    c.oval(14, 80, 86, 92, "accent2")
    c.rect(14, 50, 80, 78, "accent", 4)
    c.rect(10, 56, 20, 78, "accent", 3)
    c.rect(74, 56, 84, 78, "accent", 3)
    c.rect(22, 46, 44, 62, "soft", 4)
    c.rect(50, 46, 72, 62, "soft", 4)
    c.rect(30, 14, 60, 36, "dark", 1)
    c.rect(32, 16, 58, 34, "accent2")
    c.line("dark", 1, 92, 20, 92, 76)
    c.poly("accent2", 84, 12, 100, 12, 96, 22, 88, 22)


def _cat(c: Canvas) -> None:
    c.rect(14, 8, 86, 60, "soft", 2)
    c.line("#d8cfc4", 2, 50, 8, 50, 60)
    c.line("#d8cfc4", 2, 14, 34, 86, 34)
    c.circle(70, 22, 6, "accent2")
    c.rect(-60, 60, 160, 70, "main")
    c.oval(28, 48, 64, 66, "dark")
    c.circle(64, 48, 10, "dark")
    c.poly("dark", 56, 42, 58, 30, 64, 39)
    c.poly("dark", 66, 39, 72, 30, 73, 42)
    c.arc((14, 44, 34, 70), 90, 270, "dark", 3)
    c.circle(61, 47, 1.4, "accent2")
    c.circle(68, 47, 1.4, "accent2")


def _sunrise(c: Canvas) -> None:
    c.pie((26, 34, 74, 82), 180, 360, "accent")
    for k in range(7):
        angle = 200 + k * 23.3
        c.pie((14, 22, 86, 94), angle, angle + 4, ("accent", 120))
    c.rect(-60, 58, 160, 200, "main")
    for k in range(6):
        y = 62 + k * 6
        c.line(("soft", 150), 0.8, 34 - k * 4, y, 66 + k * 4, y)


def _yoga(c: Canvas) -> None:
    c.circle(50, 30, 22, ("accent", 110))
    c.rect(14, 86, 86, 92, "main", 3)
    c.circle(50, 24, 5, "dark")
    c.line("dark", 3, 50, 30, 50, 60)
    c.line("dark", 3, 50, 60, 50, 86)
    c.line("dark", 3, 50, 60, 40, 70, 49, 76)
    c.line("dark", 2.5, 50, 34, 42, 22, 49, 10)
    c.line("dark", 2.5, 50, 34, 58, 22, 51, 10)


def _basin(c: Canvas) -> None:
    c.table(70)
    c.shadow(16, 84, 88)
    c.poly("main", 18, 50, 82, 50, 74, 88, 26, 88)
    c.oval(18, 46, 82, 56, "accent")
    for x in (34, 42, 58):
        c.oval(x - 2, 48, x + 3, 51, "accent2")
    c.steam(50, 42)


def _phone(c: Canvas) -> None:
    c.rect(28, 6, 72, 94, "dark", 7)
    c.rect(31, 12, 69, 88, "soft", 3)
    tints = ("main", "accent", "accent2", "#e63946", "#3a86ff", "#06d6a0", "#ffbe0b", "#8338ec")
    for i in range(12):
        x, y = 34 + (i % 3) * 12, 18 + (i // 3) * 13
        c.rect(x, y, x + 8, y + 8, tints[(i + c.rng.randint(0, 7)) % len(tints)], 2)


def _map(c: Canvas) -> None:
    c.shadow(10, 90, 90)
    folds = ((10, "soft"), (30, "#ece4da"), (50, "soft"), (70, "#ece4da"))
    for x, tint in folds:
        c.poly(tint, x, 16 + (x // 20 % 2) * 4, x + 20, 20 - (x // 20 % 2) * 4,
               x + 20, 88 - (x // 20 % 2) * 4, x, 84 + (x // 20 % 2) * 4)  # fmt: skip
    route = (18, 74, 30, 62, 42, 66, 52, 48, 66, 44, 72, 30)
    c.line("main", 1.4, *route)
    c.circle(72, 26, 6, "accent")
    c.poly("accent", 67, 28, 77, 28, 72, 38)
    c.circle(72, 26, 2.5, "soft")


def _notebook(c: Canvas) -> None:
    c.shadow(8, 92, 88)
    c.rect(8, 24, 50, 84, "soft", 2)
    c.rect(50, 24, 92, 84, "soft", 2)
    c.line("#d8cfc4", 1, 50, 24, 50, 84)
    for k in range(7):
        y = 34 + k * 7
        c.line(("dark", 90), 0.6, 14, y, 44, y)
        c.line(("dark", 90), 0.6, 56, y, 86, y)
    for k in range(3):
        c.rect(16 + k * 10, 30, 23 + k * 10, 37, ("main", 200), 1)
    c.line("accent", 3, 62, 96, 92, 52)
    c.poly("dark", 92, 52, 95, 47, 90, 49)


def _chat(c: Canvas) -> None:
    c.rect(10, 16, 66, 46, "main", 10)
    c.poly("main", 20, 44, 16, 56, 30, 44)
    c.rect(34, 52, 90, 82, "soft", 10)
    c.poly("soft", 78, 80, 84, 92, 70, 80)
    for k in range(3):
        c.circle(26 + k * 12, 31, 3, "soft")
    c.line("dark", 1.2, 44, 62, 80, 62)
    c.line("dark", 1.2, 44, 71, 70, 71)
    c.circle(82, 20, 6, "accent")


def _suitcase(c: Canvas) -> None:
    c.shadow(20, 80, 92)
    c.rect(40, 18, 60, 30, "dark", 3)
    c.rect(44, 22, 56, 30, "soft")
    c.rect(24, 28, 76, 88, "main", 6)
    for x in (36, 50, 64):
        c.line(("dark", 120), 1.2, x, 32, x, 84)
    c.circle(32, 90, 3, "dark")
    c.circle(68, 90, 3, "dark")
    c.circle(66, 44, 5, "accent")
    c.rect(28, 60, 42, 70, "accent2", 2)


def _leaves(c: Canvas) -> None:
    for _ in range(40):
        x, y, size = c.rng.uniform(-5, 105), c.rng.uniform(-20, 120), c.rng.uniform(5, 10)
        dx, dy = c.rng.uniform(-1, 1), c.rng.uniform(-1, 1)
        norm = max(0.3, (dx * dx + dy * dy) ** 0.5)
        dx, dy = dx / norm * size, dy / norm * size
        tint = c.rng.choice(("main", "accent", "#e9a03b", "#c8553d"))
        c.poly(tint, x - dx, y - dy, x - dy * 0.4, y + dx * 0.4, x + dx, y + dy,
               x + dy * 0.4, y - dx * 0.4)  # fmt: skip
        c.line(("dark", 90), 0.4, x - dx, y - dy, x + dx, y + dy)


def _heart(c: Canvas) -> None:
    c.circle(40, 42, 14, "main")
    c.circle(60, 42, 14, "main")
    c.poly("main", 26.5, 46, 73.5, 46, 50, 76)
    c.circle(36, 38, 4, ("soft", 140))
    for _ in range(10):
        x, y = c.rng.uniform(0, 100), c.rng.uniform(0, 100)
        c.circle(x, y, c.rng.uniform(1, 2.5), "accent")


@dataclass(frozen=True)
class Motif:
    draw: Callable[[Canvas], None]
    palette: str
    en: str
    zh: str


MOTIFS: dict[str, Motif] = {
    "coffee": Motif(_coffee, "latte", "A cup of coffee with latte art", "一杯拉花咖啡"),
    "tea": Motif(_tea, "mint", "A teapot and a small cup", "茶壶和茶杯"),
    "noodles": Motif(_bowl, "peach", "A bowl of noodles with chopsticks", "一碗面和筷子"),
    "hotpot": Motif(_hotpot, "festive", "A hotpot, half spicy and half clear", "鸳鸯火锅"),
    "claypot": Motif(_claypot, "peach", "A steaming clay pot", "一锅热腾腾的炖菜"),
    "dumplings": Motif(_dumplings, "peach", "Dumplings on a plate", "一盘饺子"),
    "skewers": Motif(_skewers, "festive", "Skewers on sticks", "一把串串"),
    "dimsum": Motif(_dimsum, "latte", "A bamboo steamer of dim sum", "一笼早茶点心"),
    "lipstick": Motif(_lipstick, "blush", "Two lipsticks and a swatch", "两支口红和试色"),
    "palette": Motif(_palette, "blush", "An eyeshadow palette and a brush", "眼影盘和刷子"),
    "skincare": Motif(_skincare, "mint", "Skincare bottles and a jar", "护肤品瓶瓶罐罐"),
    "face": Motif(_face, "blush", "A drawn face showing a soft make-up look", "淡妆示意图"),
    "outfit": Motif(_outfit, "lilac", "An outfit on a hanger", "衣架上的一套穿搭"),
    "bag": Motif(_bag, "lilac", "A small handbag", "一只小包"),
    "sneaker": Motif(_sneaker, "lilac", "A sneaker", "一只运动鞋"),
    "mountain": Motif(_mountain, "sky", "Mountains under the sun", "阳光下的山"),
    "skyline": Motif(_skyline, "night", "A city skyline at night with a TV tower", "城市夜景"),
    "metro": Motif(_metro, "sky", "A colourful metro map", "彩色地铁线路图"),
    "street": Motif(_street, "sky", "A street lined with plane trees", "梧桐树街道"),
    "hutong": Motif(_hutong, "sky", "A red door in a grey hutong wall", "胡同里的红门"),
    "palace": Motif(_palace, "sky", "A red palace wall under a golden roof", "红墙金瓦"),
    "greatwall": Motif(_greatwall, "sky", "A wall winding over green hills", "蜿蜒的长城"),
    "panda": Motif(_panda, "mint", "A panda among bamboo", "竹子旁的熊猫"),
    "lanterns": Motif(_lanterns, "festive", "Red lanterns on a string", "一串红灯笼"),
    "plant": Motif(_plant, "linen", "A potted plant", "一盆绿植"),
    "room": Motif(_room, "linen", "A cosy sofa corner", "温馨的沙发角"),
    "cat": Motif(_cat, "linen", "A cat by the window", "窗边的猫"),
    "sunrise": Motif(_sunrise, "mint", "The sun rising over water", "海上日出"),
    "yoga": Motif(_yoga, "mint", "Someone in a yoga tree pose", "瑜伽树式"),
    "basin": Motif(_basin, "latte", "A steaming foot-soak basin", "泡脚盆"),
    "phone": Motif(_phone, "sky", "A phone screen full of apps", "手机里的App"),
    "map": Motif(_map, "sky", "A folded map with a route and a pin", "画了路线的地图"),
    "notebook": Motif(_notebook, "latte", "An open notebook and a pen", "摊开的笔记本"),
    "chat": Motif(_chat, "lilac", "Two chat bubbles", "两个对话气泡"),
    "suitcase": Motif(_suitcase, "sky", "A suitcase ready to go", "整装待发的行李箱"),
    "leaves": Motif(_leaves, "festive", "Autumn leaves", "秋天的落叶"),
    "heart": Motif(_heart, "blush", "A heart", "一颗爱心"),
}


def _background(size: tuple[int, int], palette: str, rng: random.Random) -> Image.Image:
    corners = list(PALETTES[palette]["bg"])
    if rng.random() < 0.5:  # mirror, so photos of one motif are not all lit the same way
        corners = [corners[1], corners[0], corners[3], corners[2]]
    turn = rng.uniform(-0.025, 0.025)
    seed = Image.new("RGB", (2, 2))
    seed.putdata([_shift_hue(color, turn) for color in corners])
    return seed.resize(size, Image.Resampling.BILINEAR)


def _bokeh(canvas: Canvas) -> None:
    for _ in range(canvas.rng.randint(5, 10)):
        x, y = canvas.rng.uniform(-10, 110), canvas.rng.uniform(-40, 140)
        canvas.circle(x, y, canvas.rng.uniform(3, 12), (255, 255, 255, canvas.rng.randint(25, 60)))


def _render(motif: str, seed: str, size: tuple[int, int], palette: str | None = None) -> bytes:
    spec = MOTIFS[motif]
    rng = random.Random(f"{motif}:{seed}")  # noqa: S311 - varies pictures, not secrets
    chosen = palette or spec.palette
    image = _background(size, chosen, rng)
    canvas = Canvas(size, chosen, rng)
    _bokeh(canvas)
    spec.draw(canvas)
    # ImageDraw does not anti-alias: a 3×3 blur of the drawing (premultiplied, so edges do
    # not darken) softens its edges for a fraction of the cost of drawing larger.
    drawing = canvas.layer.convert("RGBa").filter(ImageFilter.BoxBlur(1)).convert("RGBA")
    image = Image.alpha_composite(image.convert("RGBA"), drawing).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def photo(motif: str, *, seed: str, shape: str = "portrait") -> bytes:
    """JPEG bytes of `motif` (a key of MOTIFS) in `shape` (a key of SHAPES)."""
    return _render(motif, seed, SHAPES[shape])


def avatar(motif: str, *, seed: str, palette: str | None = None) -> bytes:
    """A square JPEG avatar: the person's favourite motif on their colours."""
    return _render(motif, seed, (AVATAR_SIZE, AVATAR_SIZE), palette)


def alt_text(motif: str, language: str) -> str:
    """A description of the picture for screen readers, in the author's language."""
    spec = MOTIFS[motif]
    return spec.zh if language.startswith("zh") else spec.en
