"""Keep the data card's column tables in step with the schema.

``python -m crmlab.simulate.datacard`` rewrites the part of ``datasets/README.md`` between the
``<!-- tables:begin -->`` and ``<!-- tables:end -->`` markers from :mod:`.schema`; a test checks
that the file is up to date.
"""

from __future__ import annotations

from pathlib import Path

BEGIN, END = "<!-- tables:begin -->", "<!-- tables:end -->"


def render() -> str:
    from .schema import all_tables, markdown

    return "\n\n".join(markdown(name) for name in all_tables())


def update(path: Path) -> bool:
    """Rewrite the tables section of ``path``; return True if it changed."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{render()}\n{END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":  # pragma: no cover
    from ..paths import data_card

    card = data_card()
    print("updated" if update(card) else "up to date", card)  # i18n: internal (a maintainer tool)
