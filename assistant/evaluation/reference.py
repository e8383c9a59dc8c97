"""The reference texts beside the repo (../shared/corpus/reference): their citation data and body, read once.

They are not cleared for shipping: evals read them from ../shared at run time and never copy them into the
project. A text's *body* is what the upload gold set's offsets count in: the file decoded as UTF-8 with universal
newlines ("\\r\\n" read as "\\n"), everything after the `---` line that closes its YAML front matter (the whole
text when it has none), indexed in Python characters (code points).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
LIST_ITEM = re.compile(r"^\s*(?:[•*-]|\d+[.)])\s+")


@dataclass(frozen=True)
class ReferenceText:
    """One reference file: its name, the title and publisher of its front matter, and its body."""

    name: str
    title: str
    publisher: str
    body: str

    def blocks(self) -> list[tuple[str, str]]:
        """The body as ("paragraph" | "list_item", text) in reading order; one block per non-empty line."""
        found = []
        for line in self.body.splitlines():
            if not line.strip():
                continue
            marker = LIST_ITEM.match(line)
            found.append(("list_item", line[marker.end() :].strip()) if marker else ("paragraph", line.strip()))
        return found


def read_reference(path: Path) -> ReferenceText:
    """A reference file's citation data and body (see the module docstring for what the body is)."""
    with path.open(encoding="utf-8") as handle:  # text mode: universal newlines
        text = handle.read()
    match = FRONT_MATTER.match(text)
    meta = yaml.safe_load(match.group(1)) if match else None
    fields = meta if isinstance(meta, dict) else {}
    body = text[match.end() :] if match else text
    return ReferenceText(
        name=path.name,
        title=str(fields.get("title") or path.stem).strip(),
        publisher=str(fields.get("publisher") or "").strip(),
        body=body,
    )


def reference_texts(folder: Path) -> list[ReferenceText]:
    """Every Markdown file in `folder`, in file-name order."""
    return [read_reference(path) for path in sorted(folder.glob("*.md"))]
