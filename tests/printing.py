"""Printing in the tests: an HTML page printed by headless Chromium, a workbook converted by LibreOffice, and the
pages of the PDF read back (size, text, the printed size of each piece of text) with pypdf.

Tests that need a program skip when it is absent (`needs_chromium`, `needs_soffice`); CI installs both."""

from __future__ import annotations

import math
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

A4 = (595.3, 841.9)  # points (210 × 297 mm)


def chromium_pdf(html: Path, pdf: Path) -> Path:
    """Print `html` to `pdf` as a person would (Chromium's own header and footer off: the page sets its own)."""
    profile = pdf.parent / f"{pdf.stem}-chromium-profile"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True, timeout=180, check=False)
    assert pdf.is_file() and pdf.stat().st_size, f"chromium wrote no PDF of {html}"
    return pdf


def soffice_convert(document: Path, outdir: Path, to: str = "pdf") -> Path:
    """Convert `document` with LibreOffice (`to`: pdf, or xlsx to recalculate and save); its own profile, so
    parallel runs do not share a lock."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "soffice-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                    "--outdir", str(outdir), str(document)], capture_output=True, timeout=240, check=False)
    out = outdir / f"{document.stem}.{to.split(':')[0]}"
    assert out.is_file(), f"LibreOffice wrote no {to} of {document}"
    return out


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u]


@dataclass
class PrintedPage:
    width: float  # points
    height: float
    text: str
    sizes: list[tuple[float, str]] = field(default_factory=list)  # (printed size in points, the text drawn)

    @property
    def a4(self) -> bool:
        return sorted((round(self.width), round(self.height))) == [round(A4[0]), round(A4[1])]

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def smallest_text(self) -> float:
        return min((size for size, _ in self.sizes), default=math.inf)

    @property
    def words(self) -> set[str]:
        """The page's words, from its extracted text and from each piece drawn: pypdf 4 glues neighbouring cells'
        text in extract_text ("thiệpDự"), the pieces keep them apart."""
        return set(self.text.split()) | {word for _, piece in self.sizes for word in piece.split()}

    def says(self, phrase: str) -> bool:
        """`phrase` is on the page, in its extracted text or in the pieces drawn (whitespace made single)."""
        drawn = " ".join(" ".join(piece.split()) for _, piece in self.sizes)
        return phrase in flat(self.text) or phrase in drawn


def printed_pages(pdf: Path) -> list[PrintedPage]:
    """Each page of `pdf`: its size, its text, and the size at which each piece of text is printed (the font
    size through the text and graphics matrices)."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        sizes: list[tuple[float, str]] = []

        def visit(text, cm, tm, font_dict, font_size, sizes=sizes):
            if text.strip() and font_size:
                m = _multiply(list(map(float, tm)), list(map(float, cm)))
                sizes.append((round(float(font_size) * math.hypot(m[2], m[3]), 2), text.strip()))

        text = page.extract_text(visitor_text=visit)
        box = page.mediabox
        pages.append(PrintedPage(float(box.width), float(box.height), text, sizes))
    return pages


def png_pages(pdf: Path, outdir: Path, dpi: int = 60) -> list[Path]:
    """The pages of `pdf` as PNG images (to look at), when pdftoppm is installed."""
    if PDFTOPPM is None:
        return []
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([PDFTOPPM, "-r", str(dpi), "-png", str(pdf), str(outdir / pdf.stem)], check=False, timeout=120)
    return sorted(outdir.glob(f"{pdf.stem}*.png"))


def flat(text: str) -> str:
    """Text with all runs of white space as one space (a printed name may wrap over lines)."""
    return " ".join(text.split())
