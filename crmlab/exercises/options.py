"""The options of a choice question, and the order each student sees them in.

A choice question (kind ``"choice"`` or ``"picture"``) declares its options once, in the bank:
each an :class:`Option` with a stable identity (its ``key``, a code such as ``"win_back"``) and a
text marked ``N_`` for translation. Its reference names the right option by key.

Each student sees the options in an order of their own (:func:`order`), derived from the seed of
the student's own data — the exercise id and the student id — so the letter of a neighbour's
answer says nothing about one's own. The order never depends on which option is right, nor on
the grading seed: the grader recomputes the student's order from the student id of the
collection, turns the letter the notebook reported back into the option's key, and judges the
key. ``ex.q2.options()`` shows a student their options, ``ex.q2.letter(key)`` gives the letter
of an option in their order (what the bank's solutions use).

>>> keys = ("one_third", "same", "three_times", "ten_times")
>>> order(keys, None) == keys                       # no seed: the order declared
True
>>> sorted(order(keys, 12345)) == sorted(keys)      # a seed: the same options, shuffled
True
>>> order(keys, 12345) == order(keys, 12345)        # always the same for one seed
True
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

#: The letters of the options, in the order shown.
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Option:
    """One option of a choice question.

    Parameters
    ----------
    key : str
        Its identity: a short code, stable across languages and orders (the reference returns
        it; a known mistake names it).
    text : str
        What the student reads (English, marked ``N_``; translated when shown).
    """

    key: str
    text: str


def order(keys, seed: int | None) -> tuple[str, ...]:
    """The option keys in the order one student sees them.

    Parameters
    ----------
    keys : sequence of str
        The options' keys, in the order the bank declares them.
    seed : int or None
        The seed of the student's own data (:func:`crmlab.exercises.session.derive_seed` of the
        exercise and the student id, without a grading seed); None keeps the declared order.

    Returns
    -------
    tuple of str
        A permutation of ``keys``: each key sorted by a SHA-256 digest of the seed, the set of
        keys and the key itself — stable across machines and Python versions, and every order
        equally likely across students.
    """
    keys = tuple(str(k) for k in keys)
    if seed is None:
        return keys
    base = "|".join(keys)

    def digest(key: str) -> bytes:
        return hashlib.sha256(f"crmlab-options|{int(seed)}|{base}|{key}".encode()).digest()

    return tuple(sorted(keys, key=digest))


def lettered(keys, seed: int | None) -> dict[str, str]:
    """Letter → option key, in one student's order (``{"A": "same", "B": …}``)."""
    return dict(zip(LETTERS, order(keys, seed)))


def letter_of(key: str, keys, seed: int | None) -> str:
    """The letter of option ``key`` in one student's order.

    Raises
    ------
    KeyError
        If ``key`` is not one of ``keys``.
    """
    for letter, k in lettered(keys, seed).items():
        if k == key:
            return letter
    raise KeyError(key)
