"""How guessable the kit's choice questions are: where the right option sits and how long it is.

For every choice or picture question of every exercise, the right option is found by running the
question's reference on one company (the data of a student without an id), then:

* ``declared`` — the letter of the right option in the order the bank declares the options;
* ``students`` — the letters the right option gets in the orders of many students (each student
  sees the options in an order of their own, :mod:`crmlab.exercises.options`);
* ``longest`` — whether the right option has the longest English text.

``python -m tests.choice_audit`` prints the table and the summary; ``tests/test_exercises_choices.py``
asserts on the same numbers.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass

#: Student ids whose orders are counted.
STUDENTS = tuple(f"s{n:05d}" for n in range(400))


@dataclass(frozen=True)
class Choice:
    exercise: str
    question: str
    keys: tuple[str, ...]
    right: str
    lengths: tuple[int, ...]

    @property
    def declared(self) -> str:
        from crmlab.exercises.options import LETTERS

        return LETTERS[self.keys.index(self.right)]

    @property
    def longest(self) -> bool:
        return self.lengths[self.keys.index(self.right)] == max(self.lengths)

    def letters(self, students=STUDENTS) -> Counter:
        from crmlab.exercises.options import letter_of
        from crmlab.exercises.session import derive_seed

        return Counter(letter_of(self.right, self.keys, derive_seed(self.exercise, s)) for s in students)


@functools.lru_cache(maxsize=None)
def choices() -> tuple[Choice, ...]:
    """Every choice question of the kit with its right option (references run on one company)."""
    from crmlab.exercises.bank import available, get
    from crmlab.exercises.session import Exercise

    found = []
    for ex_id in available():
        spec = get(ex_id)
        questions = [q for q in spec.questions if q.kind in ("choice", "picture")]
        if not questions:
            continue
        ex = Exercise(spec, None)
        for q in questions:
            found.append(Choice(ex_id, q.name, q.option_keys, str(q.reference(ex._reference)),
                                tuple(len(o.text) for o in q.options)))
    return tuple(found)


def summary(found=None) -> dict:
    """The measures over all choice questions."""
    found = choices() if found is None else found
    students = Counter()
    for c in found:
        students.update(c.letters())
    n = len(found)
    return {
        "questions": n,
        "declared": dict(sorted(Counter(c.declared for c in found).items())),
        "students": dict(sorted(students.items())),
        "student_shares": {k: v / sum(students.values()) for k, v in sorted(students.items())},
        "longest": sum(c.longest for c in found),
        "longest_share": sum(c.longest for c in found) / n,
        "chance": sum(1 / len(c.keys) for c in found) / n,
    }


if __name__ == "__main__":  # pragma: no cover
    for c in choices():
        print(f"{c.exercise} {c.question:3} right={c.right:22} declared={c.declared} longest={c.longest!s:5} "
              f"lengths={c.lengths}")
    s = summary()
    print(f"\n{s['questions']} choice questions")
    print("right option's letter as declared in the bank:", s["declared"])
    print(f"right option's letter over {len(STUDENTS)} students' orders:",
          {k: f"{v:.1%}" for k, v in s["student_shares"].items()})
    print(f"right option is the longest: {s['longest']} of {s['questions']} ({s['longest_share']:.0%}; "
          f"chance {s['chance']:.0%})")
