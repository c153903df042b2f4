"""Reading PDFs back in tests."""

import io

from pypdf import PdfReader


def pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def text(content: bytes) -> str:
    return "\n".join(pages(content))
