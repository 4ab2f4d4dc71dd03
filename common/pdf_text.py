"""Text for fpdf2's built-in fonts, which cover Latin-1 only: typographic punctuation is mapped
and anything else (a title in Chinese, say) is spelled with its closest Latin letters or a "?".
Licence certificates and partners' statements draw with them."""

import unicodedata

PUNCTUATION = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}
)


def latin1(text: str) -> str:
    text = str(text).translate(PUNCTUATION)
    try:
        return text.encode("latin-1").decode("latin-1")
    except UnicodeEncodeError:
        folded = unicodedata.normalize("NFKD", text)
        return folded.encode("latin-1", "replace").decode("latin-1")
