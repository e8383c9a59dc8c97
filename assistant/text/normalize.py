"""Character normalisation: ligatures, quotes, odd spaces and invisible characters to plain forms."""

from __future__ import annotations

import re
import unicodedata

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


# A soft hyphen where a line breaks is where the producer split the word: a hyphen there lets the line joining
# mend the word ("dak\u00ad" + "loosheid"); anywhere else it is invisible and goes.
SOFT_HYPHEN_AT_LINE_END = re.compile("\u00ad[ \t]*(\n|$)")


def normalize_text(text: str) -> str:
    """Ligatures, typographic quotes, odd spaces and invisible characters to their plain forms; letters and their
    accents composed ("financie\u0308le" as saved by some systems is "financiële")."""
    text = unicodedata.normalize("NFC", text)
    text = SOFT_HYPHEN_AT_LINE_END.sub(r"-\1", text)
    text = text.translate(CHARACTER_MAP)
    text = re.sub(r"[ \t]+", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


# A footnote number glued to the word it annotates, in text that lost its superscript ("te behouden2 en", "de
# Coronacrisis"3 worden", "een Toekomst'1 ,"): one digit after three lower-case letters (and a closing quote), before
# a space or punctuation. Names keep theirs: "Platform31" has two digits, "CO2" and "G4" capitals, "m2" one letter.
GLUED_NOTE_MARKER = re.compile(r"""(?<=[a-zà-ÿ]{3})(["')]?)\d(?=[\s,.;:!?)]|$)""", re.MULTILINE)


def drop_note_markers(text: str) -> str:
    """Footnote numbers glued to a word dropped, in normalised text: 'te behouden2 en' -> 'te behouden en'."""
    return GLUED_NOTE_MARKER.sub(r"\1", text)
