"""Choice questions cannot be copied letter for letter: each student sees the options in an order
of their own, a check and the grader judge the option a letter stands for in that student's order,
the right options are spread evenly over the letters, and the right option is not given away by
being the longest."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from crmlab.errors import ParameterError
from crmlab.exercises import compare as C
from crmlab.exercises.bank import available, get
from crmlab.exercises.feedback import Outcome
from crmlab.exercises.grading.judge import Judge
from crmlab.exercises.grading.task import Task
from crmlab.exercises.options import LETTERS, Option, letter_of, lettered, order
from crmlab.exercises.session import Exercise, derive_seed
from crmlab.exercises.spec import ExerciseSpec, Question
from tests import choice_audit

CHOICES = [(ex_id, q.name) for ex_id in available() for q in get(ex_id).questions if q.kind in ("choice", "picture")]


# -- the order -----------------------------------------------------------------------------------------
def test_an_order_is_a_permutation_fixed_by_the_seed():
    keys = ("a", "b", "c", "d")
    assert order(keys, None) == keys
    assert sorted(order(keys, 7)) == sorted(keys) and order(keys, 7) == order(keys, 7)
    assert lettered(keys, None) == {"A": "a", "B": "b", "C": "c", "D": "d"}
    assert letter_of("c", keys, None) == "C"
    with pytest.raises(KeyError):
        letter_of("e", keys, 7)


def test_every_order_is_about_equally_likely():
    keys = ("a", "b", "c", "d")
    orders = Counter(order(keys, seed) for seed in range(4800))
    assert len(orders) == 24  # every permutation of four options occurs
    assert max(orders.values()) < 1.35 * 200 and min(orders.values()) > 0.65 * 200
    positions = Counter(order(keys, seed).index("c") for seed in range(4800))
    assert all(abs(n - 1200) < 120 for n in positions.values())


def test_every_choice_question_of_the_kit_declares_its_options():
    assert len(CHOICES) >= 16
    for ex_id, name in CHOICES:
        q = get(ex_id).question(name)
        assert len(q.options) >= 4, (ex_id, name)
        assert all(o.key and o.text.strip() for o in q.options)
        assert "options=" not in q.solution and f"ex.{name}.letter(" in q.solution, "the solution names an option"


@pytest.mark.parametrize("ex_id", sorted({e for e, _ in CHOICES}))
def test_two_students_see_most_questions_in_different_orders(ex_id):
    spec = get(ex_id)
    questions = [q for q in spec.questions if q.options]
    pairs = [("s2025001", "s2025002"), ("t-alpha", "t-beta"), ("ann", "bob")]
    for one, two in pairs:
        a, b = derive_seed(ex_id, one), derive_seed(ex_id, two)
        differ = sum(order(q.option_keys, a) != order(q.option_keys, b) for q in questions)
        assert differ >= len(questions) - 1, (one, two)
    everyone = [derive_seed(ex_id, f"s{n}") for n in range(60)]
    for q in questions:  # over a class, the right option wanders over every letter
        assert {letter_of(q.option_keys[0], q.option_keys, s) for s in everyone} == set(LETTERS[: len(q.options)])


# -- a check judges the option, not the letter -------------------------------------------------------
@pytest.fixture(scope="module")
def two_students():
    spec = get("07")
    return Exercise(spec, "s2025001"), Exercise(spec, "s2025002")


def test_each_student_is_credited_under_their_own_order(two_students):
    one, two = two_students
    for name in ("q5", "q6"):
        right = one.spec.question(name).reference(one._reference)
        assert right == two.spec.question(name).reference(two._reference)
        mine, theirs = getattr(one, name).letter(right), getattr(two, name).letter(right)
        assert getattr(one, name).evaluate(mine).correct and getattr(two, name).evaluate(theirs).correct
        if mine != theirs:  # a neighbour's letter names another option here
            assert not getattr(one, name).evaluate(theirs).correct


def test_a_neighbours_letters_are_mostly_wrong():
    """Copied letter for letter, a neighbour's right answers score about one in four."""
    hits = total = 0
    for ex_id in sorted({e for e, _ in CHOICES}):
        spec = get(ex_id)
        for q in (q for q in spec.questions if q.options):
            right = q.option_keys[0]  # any fixed option stands for the right one here
            for n in range(40):
                mine, neighbour = derive_seed(ex_id, f"s{n}"), derive_seed(ex_id, f"s{n}x")
                hits += letter_of(right, q.option_keys, neighbour) == letter_of(right, q.option_keys, mine)
                total += 1
    assert hits / total < 0.35


def test_options_are_shown_in_the_students_order(two_students, capsys):
    one, _two = two_students
    one.q5.options()
    shown = capsys.readouterr().out.splitlines()
    assert shown[0].startswith("q5 · ") and "your own order" in shown[0]
    q = one.spec.question("q5")
    texts = {o.key: o.text for o in q.options}
    assert shown[1:] == [f"{letter}. {texts[key]}" for letter, key in lettered(q.option_keys, one.order_seed).items()]
    with pytest.raises(ParameterError, match="no option 'nope'"):
        one.q5.letter("nope")
    with pytest.raises(ParameterError, match="not a choice question"):
        one.q1.options()


def test_the_options_comparator_reads_the_letter_in_the_students_order():
    opts = (Option("x", "X"), Option("y", "Y"), Option("z", "Z"))
    cmp = C.choice(opts)

    class Ref:
        order_seed = 12345

    letters = lettered(("x", "y", "z"), Ref.order_seed)
    right = next(k for k, v in letters.items() if v == "y")
    assert cmp(right.lower() + " ", "y", Ref).correct
    assert all(cmp(k, "y", Ref).key == "wrong_choice" for k in letters if k != right)
    fb = cmp("D", "y", Ref)
    assert fb.key == "not_a_choice" and "A, B, C" in fb.text
    assert cmp(2, "y", Ref).key == "wrong_type"
    assert cmp("B", "y", None).correct  # without a student: the order declared
    mistakes = C.known_mistakes(cmp, C.chosen({"z": "wrong_sign"}))
    z = next(k for k, v in letters.items() if v == "z")
    assert mistakes(z, "y", Ref).key == "wrong_sign"


def test_the_public_part_carries_the_options_but_not_the_answer():
    spec = get("02")
    data = spec.public()
    text = json.dumps(data)
    q = next(d for d in data["questions"] if d["name"] == "q5")
    assert [o["key"] for o in q["options"]] == list(spec.question("q5").option_keys)
    assert "five_to_ten" in text and "letter(" not in text  # keys yes, the solution no
    copy = ExerciseSpec.from_public(data)
    assert copy.question("q5").options == spec.question("q5").options and copy.question("q1").options == ()
    handed = Exercise(copy, "s2025001")
    assert handed.q5.letter("one_half") == Exercise(spec, "s2025001").q5.letter("one_half")


def test_options_are_checked_when_declared():
    base = dict(name="q1", kind="choice", title="t", answer="a", solution="", reference=None, compare=None,
                hints=("h1", "h2"))
    with pytest.raises(ValueError, match="distinct keys"):
        Question(**base, options=(Option("a", "A"), Option("a", "B")))
    with pytest.raises(ValueError, match="distinct keys"):
        Question(**{**base, "kind": "value"}, options=(Option("a", "A"), Option("b", "B")))
    with pytest.raises(ValueError, match="distinct keys"):
        Question(**base, options=(Option("a", "A"),))


# -- the grader ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("student", ["s2025001", "s2025002", "t-gamma"])
def test_the_grader_credits_a_right_letter_under_each_students_order(tmp_path, student):
    spec = get("01")
    judge = Judge(spec, student, "order-test")
    task = Task(judge.write_task(tmp_path / "task.json"))
    assert task.order_seed == judge.order_seed == derive_seed("01", student)
    # the grading process shows the student's own order, whatever the grading data
    process = Exercise(task.spec, None, seed=task.seed, task=task)
    mine = Exercise(spec, student)
    for name in ("q4", "q5"):
        right = spec.question(name).reference(judge.reference)
        assert process.__getattr__(name).letter(right) == mine.__getattr__(name).letter(right)
    lines = []
    for name in ("q4", "q5"):
        q = spec.question(name)
        right = q.reference(judge.reference)
        lines.append(json.dumps({"q": name, "a": {"t": "str", "v": letter_of(right, q.option_keys, judge.order_seed)}}))
    (tmp_path / "answers.jsonl").write_text("\n".join(lines) + "\n")
    scores = {s.name: s for s in judge.decide(tmp_path / "answers.jsonl").scores}
    assert scores["q4"].outcome == scores["q5"].outcome == Outcome.CORRECT.value


def test_the_grader_does_not_credit_a_neighbours_letters(tmp_path):
    spec = get("01")
    mine, neighbour = Judge(spec, "s2025001", "order-test"), Judge(spec, "s2025003", "order-test")
    wrong = 0
    for name in ("q4", "q5"):
        q = spec.question(name)
        right = q.reference(mine.reference)
        copied = letter_of(right, q.option_keys, neighbour.order_seed)
        (tmp_path / "answers.jsonl").write_text(json.dumps({"q": name, "a": {"t": "str", "v": copied}}) + "\n")
        score = {s.name: s for s in mine.decide(tmp_path / "answers.jsonl").scores}[name]
        same = copied == letter_of(right, q.option_keys, mine.order_seed)
        assert score.outcome == (Outcome.CORRECT.value if same else Outcome.INCORRECT.value)
        wrong += not same
    assert wrong >= 1


# -- balance over the whole kit ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def audit():
    return choice_audit.summary()


def test_every_right_option_is_one_of_the_options():
    for c in choice_audit.choices():
        assert c.right in c.keys, (c.exercise, c.question, c.right)


def test_the_right_options_are_spread_evenly_over_the_letters(audit):
    declared = audit["declared"]
    assert set(declared) == set("ABCD") and max(declared.values()) - min(declared.values()) <= 1, declared
    shares = audit["student_shares"]
    assert all(abs(share - 0.25) < 0.03 for share in shares.values()), shares


def test_the_right_option_is_not_given_away_by_its_length(audit):
    assert abs(audit["longest_share"] - audit["chance"]) <= 0.1, audit
