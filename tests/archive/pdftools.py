"""poppler-utils helpers: the text and the fonts of a PDF, as a reader would get them."""

import shutil
import subprocess

import pytest


def poppler(tool, *args):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return subprocess.run(
        [tool, *args], capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")


def pdf_text(path):
    return poppler("pdftotext", "-enc", "UTF-8", str(path), "-")


def embedded_fonts(path):
    """[(name, embedded)] from pdffonts."""
    fonts = []
    for line in poppler("pdffonts", str(path)).splitlines()[2:]:
        columns = line.split()
        fonts.append((columns[0], columns[-5] == "yes"))
    return fonts
