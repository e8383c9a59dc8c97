"""Character normalisation: ligatures, quotes, odd spaces and invisible characters to plain forms."""

from __future__ import annotations

import re

CHARACTER_MAP = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u2022": "•",
        "\r": None,
    }
)


def normalize_text(text: str) -> str:
    """Ligatures, typographic quotes, odd spaces and invisible characters to their plain forms."""
    text = text.translate(CHARACTER_MAP)
    text = re.sub(r"[ \t]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))
