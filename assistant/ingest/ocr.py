"""OCR of scanned PDF pages with Debian's tesseract (Dutch model), on an image rendered by poppler's pdftoppm
or, without poppler, on the page's own embedded image."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

log = logging.getLogger(__name__)

LANGUAGE = "nld"
RESOLUTION = 300
TIMEOUT_SECONDS = 120


def available() -> bool:
    """True when the tesseract binary and its Dutch model are installed."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        return False
    try:
        listed = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in listed.stdout.split()


def read_page(path: Path, number: int) -> str:
    """The text of page `number` (1-based) of the PDF at `path`, read by OCR; empty when nothing could be read."""
    with tempfile.TemporaryDirectory(prefix="thuisvraag-ocr-") as folder:
        image = _render(path, number, Path(folder))
        if image is None:
            return ""
        try:
            result = subprocess.run(
                ["tesseract", str(image), "stdout", "-l", LANGUAGE, "--psm", "3"],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("OCR of %s page %d failed: %s", path, number, error)
            return ""
        if result.returncode != 0:
            log.warning("OCR of %s page %d failed: %s", path, number, result.stderr.strip()[-300:])
            return ""
        return result.stdout


def _render(path: Path, number: int, folder: Path) -> Path | None:
    """A grey page image: pdftoppm renders the whole page; otherwise the largest image embedded in it."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is not None:
        target = folder / "page"
        command = [pdftoppm, "-f", str(number), "-l", str(number), "-r", str(RESOLUTION), "-gray", "-png"]
        command += ["-singlefile", str(path), str(target)]
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        if done.returncode == 0 and target.with_suffix(".png").is_file():
            return target.with_suffix(".png")
    try:
        images = PdfReader(path).pages[number - 1].images
        largest = max(images, key=lambda image: len(image.data), default=None)
    except Exception as error:  # a damaged image stream only means this page is not read
        log.warning("no image on %s page %d: %s", path, number, error)
        return None
    if largest is None:
        return None
    target = folder / f"image{Path(largest.name).suffix or '.png'}"
    target.write_bytes(largest.data)
    return target
