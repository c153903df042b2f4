"""Reading PDFs back in tests."""

import io

from pypdf import PdfReader


def pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def text(content: bytes) -> str:
    return "\n".join(pages(content))


def layout(content: bytes) -> str:
    """The PDF's text laid out as on the page (poppler's pdftotext -layout): columns keep their places."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(["pdftotext", "-layout", pdf.name, "-"], check=True, capture_output=True,
                              text=True).stdout


def raw(content: bytes) -> str:
    """The PDF's text in drawing order, whitespace folded (pdftotext -raw): a wrapped cell reads as one line."""
    import re
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        out = subprocess.run(["pdftotext", "-raw", pdf.name, "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", out)
