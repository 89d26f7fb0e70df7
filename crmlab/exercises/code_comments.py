"""The comments of a solution's code, in the reader's language.

A solution is code, the same in every language, but its comments are for the reader: the bank
marks each one where it writes it (``'policy = "D"  # ' + N_("grade C: pay before goods")``)
and :func:`translate_comments` shows it translated, as the translated solution notebooks do.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Callable


def translate_comments(code: str, translate: Callable[[str], str]) -> str:
    """``code`` with the text of each comment replaced by ``translate(text)``; the code itself,
    and code that cannot be read as Python, unchanged.

    Parameters
    ----------
    code : str
        Python source.
    translate : callable
        Text of a comment (without ``#`` and surrounding spaces) → the text to show.

    Returns
    -------
    str
    """
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(code).readline) if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return code
    lines = code.split("\n")
    for tok in reversed(tokens):
        text = tok.string[1:].strip()
        shown = translate(text) if text else text
        if shown != text:
            row, col = tok.start
            lines[row - 1] = lines[row - 1][:col] + "# " + shown
    return "\n".join(lines)
