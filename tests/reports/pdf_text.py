"""Reading PDFs back in tests."""

import io

from pypdf import PdfReader


def pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def text(content: bytes) -> str:
    return "\n".join(pages(content))


def pdftotext(content: bytes, layout: bool = False) -> str:
    """The text as poppler's pdftotext reads it (what a person copying from a viewer gets); ``layout``: as laid
    out on the page (a line of the contents with its page number)."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return subprocess.run(["/usr/bin/pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []),
                               handle.name, "-"], check=True,  # noqa: S603
                              capture_output=True, text=True).stdout


def fonts_of(content: bytes) -> list[tuple[str, bool]]:
    """[(font name, embedded as a subset)] as poppler's pdffonts lists them."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        lines = subprocess.run(["/usr/bin/pdffonts", handle.name], check=True,  # noqa: S603
                               capture_output=True, text=True).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5] == "yes") for line in lines]


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
