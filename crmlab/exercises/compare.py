"""Comparators: decide whether an answer matches the reference, and diagnose why not.

A comparator is a callable ``compare(answer, expected, ex) -> Feedback``. ``expected`` is the
reference recomputed from the student's data; ``ex`` is the exercise session (for comparators
that need the data, such as :func:`calls`). Comparators never raise on a student's value and
never put the expected value into a message.

Build one with the factories below, e.g. ``number(rtol=1e-4)`` or
``frame(key="customer_id", unit="customer")``; combine with :func:`calls` for questions whose
answer is a function.
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Callable, Iterable

from ..i18n import NP_, _, pgettext
from ._placeholder import is_placeholder
from .feedback import CORRECT, NOT_ATTEMPTED, Feedback, Outcome, incorrect
from .messages import message

Comparator = Callable[[object, object, object], Feedback]


# -- describing a student's value ------------------------------------------------------------------
def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: object) -> str:
    """A short description of ``value`` for messages ("a Series of 12 values")."""
    import numpy as np
    import pandas as pd

    if value is None:
        return message("describe:none")
    if isinstance(value, pd.DataFrame):
        cols = [f"`{_short(str(c), 24)}`" for c in value.columns[:6]] + (["…"] if value.shape[1] > 6 else [])
        return message("describe:dataframe", rows=len(value), columns=", ".join(cols) or "–")
    if isinstance(value, pd.Series):
        return message("describe:series", rows=len(value))
    if isinstance(value, str):
        return message("describe:text", text=repr(_short(value)))
    if isinstance(value, (bool, np.bool_)):
        return message("describe:boolean", value=bool(value))
    if isinstance(value, numbers.Number):
        return message("describe:number", value=_short(repr(value.item() if hasattr(value, "item") else value), 24))
    if isinstance(value, (list, tuple, set, frozenset, dict, np.ndarray, pd.Index)):
        return message("describe:sequence", type=type(value).__name__, n=len(value))
    if callable(value):
        return message("describe:function")
    return message("describe:other", type=type(value).__name__)


def _is_real(value: object) -> bool:
    import numpy as np

    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


# -- numbers -----------------------------------------------------------------------------------------
def _close(x: float, e: float, rtol: float, atol: float) -> bool:
    return math.isclose(x, e, rel_tol=rtol, abs_tol=atol)


def diagnose_number(x: float, e: float, rtol: float, atol: float) -> Feedback:
    """Why ``x`` is not ``e``: wrong sign, percent vs fraction, a power of ten, or just wrong."""
    if e != 0 and _close(x, -e, rtol, atol):
        return incorrect("wrong_sign")
    if e != 0 and x != 0:
        ratio = x / e
        loose = max(rtol, 1e-6) * 10
        if math.isclose(ratio, 100, rel_tol=loose):
            return incorrect(
                "percent_vs_fraction", got_kind=message("kind:percent"), expected_kind=message("kind:fraction")
            )
        if math.isclose(ratio, 0.01, rel_tol=loose):
            return incorrect(
                "percent_vs_fraction", got_kind=message("kind:fraction"), expected_kind=message("kind:percent")
            )
        for factor in (10, 1000, 1_000_000):
            if math.isclose(ratio, factor, rel_tol=loose):
                return incorrect("off_by_factor", factor=f"{factor:,}", direction=message("direction:large"))
            if math.isclose(ratio, 1 / factor, rel_tol=loose):
                return incorrect("off_by_factor", factor=f"{factor:,}", direction=message("direction:small"))
    if abs(x - e) <= max(0.01 * abs(e), 10 * atol):
        # Translators: a relative tolerance, e.g. "1e-06 relative"; shown in "Close, but not within the tolerance (…)".
        tolerance = _("{tolerance:g} relative").format(tolerance=rtol) if rtol else f"{atol:g}"
        return incorrect("close_not_within", tolerance=tolerance)
    return incorrect("wrong_value")


def number(*, rtol: float = 1e-6, atol: float = 1e-9, integer: bool = False) -> Comparator:
    """Compare a single number within ``rtol`` (relative) or ``atol`` (absolute) tolerance.

    Accepts Python and numpy numbers; a one-value Series or array is refused with a message
    saying a single number was expected. ``integer=True`` asks for a whole number.
    """

    def compare(answer, expected, ex=None) -> Feedback:
        if answer is None:
            return incorrect("answer_is_none")
        if not _is_real(answer):
            kind = message("kind:integer" if integer else "kind:number")
            return incorrect("wrong_type", expected=kind, got=describe(answer))
        x, e = float(answer), float(expected)
        if math.isnan(x):
            return incorrect("nan_answer")
        if math.isinf(x):
            return incorrect("infinite_answer")
        if _close(x, e, rtol, atol):
            return CORRECT
        return diagnose_number(x, e, rtol, atol)

    return compare


def boolean() -> Comparator:
    """Compare a True/False answer (numpy booleans accepted; 0/1 and strings refused)."""
    import numpy as np

    def compare(answer, expected, ex=None) -> Feedback:
        if not isinstance(answer, (bool, np.bool_)):
            return incorrect("wrong_boolean", got=describe(answer))
        return CORRECT if bool(answer) == bool(expected) else incorrect("wrong_value")

    return compare


def choice(options: Iterable) -> Comparator:
    """Compare a multiple-choice answer: a letter (or word) among ``options``; case and
    surrounding spaces ignored.

    ``options`` is either

    * the question's :class:`~crmlab.exercises.options.Option` objects: each student sees them
      in an order of their own (:mod:`crmlab.exercises.options`, from ``ex.order_seed``); the
      answer is a letter of that order, turned back into the option's key, and the reference
      is the right option's key — so the option is judged, never the letter; or
    * plain letters or words (``"ABCD"``), the same for everyone; the reference is one of them.

    A known mistake of a choice question (:func:`known_mistakes`) is a wrong option's key, see
    :func:`chosen`.
    """
    from .options import LETTERS, Option, order

    options = list(options)
    if options and all(isinstance(o, Option) for o in options):
        keys = tuple(o.key for o in options)
        letters = list(LETTERS[: len(keys)])
        shown_letters = ", ".join(letters)

        def compare_option(answer, expected, ex=None) -> Feedback:
            if not isinstance(answer, str):
                return incorrect("wrong_type", expected=message("kind:choice", choices=shown_letters), got=describe(answer))
            got = answer.strip().upper()
            if got not in letters:
                return incorrect("not_a_choice", got=repr(_short(answer)), choices=shown_letters)
            key = order(keys, getattr(ex, "order_seed", None))[letters.index(got)]
            return CORRECT if key == expected else incorrect("wrong_choice")

        return compare_option
    options = [str(o).strip().upper() for o in options]
    shown = ", ".join(options)

    def compare(answer, expected, ex=None) -> Feedback:
        if not isinstance(answer, str):
            return incorrect("wrong_type", expected=message("kind:choice", choices=shown), got=describe(answer))
        got = answer.strip().upper()
        if got not in options:
            return incorrect("not_a_choice", got=repr(_short(answer)), choices=shown)
        return CORRECT if got == str(expected).strip().upper() else incorrect("wrong_choice")

    return compare


def chosen(mistakes: dict[str, str]) -> list[tuple[Callable[[object], str], str]]:
    """The known mistakes of a choice question, for :func:`known_mistakes`: a wrong option's key
    → the key of the message that explains the slip behind it (``{"ten_times": "ex02_worst_fifth"}``)."""
    return [(lambda ex, option=option: option, key) for option, key in mistakes.items()]


def members(*, what: str = "items") -> Comparator:
    """Compare a collection (list, set, tuple, array, Series or Index) with the expected set of
    members; order and repeats do not matter. ``what`` names the items in messages."""
    import numpy as np
    import pandas as pd

    def compare(answer, expected, ex=None) -> Feedback:
        if answer is None:
            return incorrect("answer_is_none")
        if isinstance(answer, (str, bytes, dict, pd.DataFrame)) or not isinstance(
            answer, (list, tuple, set, frozenset, np.ndarray, pd.Series, pd.Index)
        ):
            return incorrect("wrong_type", expected=message("kind:collection"), got=describe(answer))
        got = set(_plain(v) for v in list(answer))
        want = set(_plain(v) for v in list(expected))
        if got == want:
            return CORRECT
        return incorrect("wrong_set", missing=len(want - got), extra=len(got - want))

    return compare


def _plain(value):
    """numpy/pandas scalars as Python scalars, so that set membership compares values."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


# -- tables ------------------------------------------------------------------------------------------
def _values_differ(a, b, rtol: float, atol: float):
    """Boolean array: where two aligned Series differ (NaN equals NaN), and whether the
    comparison was numeric."""
    import numpy as np
    import pandas as pd

    a_num = pd.api.types.is_numeric_dtype(a.dtype) or pd.api.types.is_bool_dtype(a.dtype)
    b_num = pd.api.types.is_numeric_dtype(b.dtype) or pd.api.types.is_bool_dtype(b.dtype)
    if a_num and b_num:
        x = a.to_numpy(dtype="float64", na_value=np.nan)
        y = b.to_numpy(dtype="float64", na_value=np.nan)
        same = np.isclose(x, y, rtol=rtol, atol=atol) | (np.isnan(x) & np.isnan(y))
        return ~same, True
    if pd.api.types.is_datetime64_any_dtype(a.dtype) and pd.api.types.is_datetime64_any_dtype(b.dtype):
        x, y = a.to_numpy(), b.to_numpy()
        same = (x == y) | (pd.isna(a).to_numpy() & pd.isna(b).to_numpy())
        return ~same, False
    na_a, na_b = pd.isna(a).to_numpy(), pd.isna(b).to_numpy()
    x = a.astype(object).to_numpy()
    y = b.astype(object).to_numpy()
    eq = np.array([(p == q) if not (na_p or na_q) else (na_p and na_q) for p, q, na_p, na_q in zip(x, y, na_a, na_b)], dtype=bool)
    return ~eq, False


def _dtype_kind(series) -> str:
    import pandas as pd

    if pd.api.types.is_bool_dtype(series.dtype):
        return message("kind:boolean")
    if pd.api.types.is_timedelta64_dtype(series.dtype):
        return message("kind:durations")
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return message("kind:dates")
    if pd.api.types.is_numeric_dtype(series.dtype):
        return message("kind:number")
    return message("kind:text")


def _column_feedback(column: str, a, b, rtol: float, atol: float) -> Feedback | None:
    import numpy as np
    import pandas as pd

    a_num = pd.api.types.is_numeric_dtype(a.dtype)
    b_num = pd.api.types.is_numeric_dtype(b.dtype)
    if b_num and not a_num and not pd.api.types.is_bool_dtype(b.dtype):
        return incorrect("wrong_column_dtype", column=column, expected=_dtype_kind(b), got=_dtype_kind(a))
    differ, numeric = _values_differ(a, b, rtol, atol)
    count = int(differ.sum())
    if count == 0:
        return None
    if numeric:
        x = a.to_numpy(dtype="float64", na_value=np.nan)
        y = b.to_numpy(dtype="float64", na_value=np.nan)
        ok = ~(np.isnan(x) | np.isnan(y)) & (y != 0)
        if ok.any():
            if np.allclose(x[ok], -y[ok], rtol=rtol, atol=atol):
                return incorrect("wrong_sign")
            ratio = x[ok] / y[ok]
            if np.allclose(ratio, 100, rtol=1e-4):
                return incorrect(
                    "percent_vs_fraction", got_kind=message("kind:percent"), expected_kind=message("kind:fraction")
                )
            if np.allclose(ratio, 0.01, rtol=1e-4):
                return incorrect(
                    "percent_vs_fraction", got_kind=message("kind:fraction"), expected_kind=message("kind:percent")
                )
    return incorrect("wrong_column_values", column=column, count=count, total=len(b))


def frame(
    *,
    key: str | list[str] | None = None,
    columns: Iterable[str] | None = None,
    unit: str = NP_("row unit", "row"),
    rtol: float = 1e-6,
    atol: float = 1e-9,
    sorted_by: tuple[str, bool] | None = None,
    exact_columns: bool = False,
) -> Comparator:
    """Compare a DataFrame with the reference.

    Parameters
    ----------
    key : str or list of str, optional
        Column(s) identifying a row (e.g. ``"customer_id"``); they may be columns or the index
        of the answer. Rows are matched by key, so row order does not matter. Without a key,
        rows are compared in order.
    columns : iterable of str, optional
        Columns to compare (default: every column of the reference). Extra columns in the answer
        are allowed unless ``exact_columns``.
    unit : str
        What one row stands for, for messages: English marked ``NP_("row unit", "customer")``,
        translated when a message shows it.
    rtol, atol : float
        Tolerance for numeric columns.
    sorted_by : (column, ascending), optional
        The answer's rows must be in this order (ties in any order).
    """
    import pandas as pd

    keys = [key] if isinstance(key, str) else list(key or [])

    def compare(answer, expected, ex=None) -> Feedback:
        if answer is None:
            return incorrect("answer_is_none")
        if not isinstance(answer, pd.DataFrame):
            return incorrect("wrong_type", expected=message("kind:dataframe"), got=describe(answer))
        exp = expected
        got = answer
        if keys:
            if set(keys) & set(n for n in exp.index.names if n is not None):
                exp = exp.reset_index()
            if set(keys) & set(n for n in got.index.names if n is not None):
                got = got.reset_index()
        wanted = list(columns) if columns is not None else [c for c in exp.columns if c not in keys]
        needed = keys + [c for c in wanted if c not in keys]
        missing = [c for c in needed if c not in got.columns]
        if missing:
            return incorrect("missing_columns", columns=", ".join(f"`{c}`" for c in missing))
        if exact_columns:
            extra = [str(c) for c in got.columns if c not in needed]
            if extra:
                return incorrect(
                    "unexpected_columns",
                    columns=", ".join(f"`{c}`" for c in extra),
                    expected=", ".join(f"`{c}`" for c in needed),
                )
        if len(got) != len(exp):
            return incorrect("wrong_length", got=len(got), unit=pgettext("row unit", unit))
        if sorted_by is not None:
            col, ascending = sorted_by
            values = got[col]
            ok = values.is_monotonic_increasing if ascending else values.is_monotonic_decreasing
            if not ok:
                order = _("`{column}` ascending") if ascending else _("`{column}` descending")
                return incorrect("not_sorted", order=order.format(column=col))
        if keys:
            dup = got.duplicated(keys, keep=False)
            if dup.any():
                return incorrect("duplicate_keys", what=", ".join(keys), count=int(got.loc[dup, keys].drop_duplicates().shape[0]))
            try:
                got_i = got.set_index(keys)
                exp_i = exp.set_index(keys)
                missing_keys = exp_i.index.difference(got_i.index)
                extra_keys = got_i.index.difference(exp_i.index)
            except (TypeError, ValueError):
                return incorrect("wrong_index", index=", ".join(keys), got=describe(answer))
            if len(missing_keys):
                return incorrect("missing_keys", count=len(missing_keys), what=", ".join(keys), example=_short(repr(_plain(missing_keys[0])), 30))
            if len(extra_keys):
                return incorrect("extra_keys", count=len(extra_keys), what=", ".join(keys), example=_short(repr(_plain(extra_keys[0])), 30))
            got_i = got_i.reindex(exp_i.index)
        else:
            got_i = got.reset_index(drop=True)
            exp_i = exp.reset_index(drop=True)
        for col in wanted:
            fb = _column_feedback(str(col), got_i[col], exp_i[col], rtol, atol)
            if fb is not None:
                return fb
        return CORRECT

    return compare


def series(
    *, unit: str = NP_("row unit", "row"), rtol: float = 1e-6, atol: float = 1e-9, index: str | None = None
) -> Comparator:
    """Compare a Series with the reference, matching values by index label (order does not
    matter). ``unit`` is what one value stands for (marked ``NP_("row unit", …)``, as for
    :func:`frame`); ``index`` names the expected index in messages: a column name
    (``"customer_id"``) or an English text marked ``N_``, translated when shown."""
    import pandas as pd

    def compare(answer, expected, ex=None) -> Feedback:
        if answer is None:
            return incorrect("answer_is_none")
        if not isinstance(answer, pd.Series):
            return incorrect("wrong_type", expected=message("kind:series"), got=describe(answer))
        if len(answer) != len(expected):
            return incorrect("wrong_length", got=len(answer), unit=pgettext("row unit", unit))
        shown = _(index) if index else None
        if answer.index.has_duplicates:
            return incorrect("duplicate_keys", what=shown or _("index"), count=int(answer.index.duplicated(keep=False).sum()))
        try:
            missing = expected.index.difference(answer.index)
            extra = answer.index.difference(expected.index)
        except TypeError:
            return incorrect("wrong_index", index=shown or _("labels"), got=describe(answer.index))
        if len(missing) or len(extra):
            return incorrect("wrong_index", index=shown or _("the expected labels"), got=_short(repr(list(answer.index[:3]))))
        aligned = answer.reindex(expected.index)
        # Translators: the name of an unnamed Series in "Column `values` should hold …".
        fb = _column_feedback(str(answer.name or shown or _("values")), aligned, expected, rtol, atol)
        if fb is not None:
            if fb.key == "wrong_column_values":
                return incorrect("wrong_values_count", count=fb.params["count"], total=fb.params["total"])
            return fb
        return CORRECT

    return compare


# -- functions ---------------------------------------------------------------------------------------
class Replayed:
    """A function answer as the grader sees it: what the student's function returned (or raised)
    on each of the grader's inputs, in the notebook's own process, replayed when a comparator
    calls it.

    Parameters
    ----------
    name : str
        The function's name.
    inputs : list of dict
        The argument sets the grader gave the function (as :func:`argument_sets` made them).
    results : list of (str, object)
        For each argument set, ``("returned", value)`` or ``("raised", exception)``.
    mutated : list of list of str
        For each argument set, the arguments the function changed.
    """

    def __init__(self, name: str, inputs: list, results: list, mutated: list):
        self.__name__ = name
        self._prints = [fingerprint(list(args.values())) for args in inputs]
        self._results = list(results)
        self._mutated = [list(m) for m in mutated]
        self.mutated: list[str] = []

    def __call__(self, *args):
        try:
            i = self._prints.index(fingerprint(list(args)))
        except ValueError:
            raise LookupError("the function was not run on these arguments") from None  # i18n: internal
        self.mutated = self._mutated[i]
        kind, value = self._results[i]
        if kind == "raised":
            raise value
        return _snapshot(value)


def fingerprint(values: list) -> str:
    """A digest of argument values (frames by content, dtypes and labels), to recognise the same
    inputs again."""
    import hashlib

    import pandas as pd

    digest = hashlib.sha256()
    for value in values:
        if isinstance(value, (pd.DataFrame, pd.Series)):
            dtypes = value.dtypes if isinstance(value, pd.DataFrame) else [value.dtype]
            digest.update(repr((type(value).__name__, value.shape, list(getattr(value, "columns", [])),
                                [str(t) for t in dtypes], list(value.index.names))).encode())
            try:
                digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
            except TypeError:  # unhashable cells
                digest.update(repr(value.to_dict()).encode())
        else:
            digest.update(repr((type(value).__name__, value)).encode())
        digest.update(b"|")
    return digest.hexdigest()


def argument_sets(compare: Comparator, ex) -> list[dict]:
    """The argument sets a function question's comparator calls the student's function with, on
    the data of ``ex`` (empty for questions whose answer is not a function).

    :func:`calls` declares its own; a hand-written comparator that calls the answer declares them
    in an ``argument_sets`` attribute (a callable ``ex -> list of dict``).
    """
    declared = getattr(compare, "argument_sets", None)
    return list(declared(ex)) if callable(declared) else []


def _snapshot(value):
    import pandas as pd

    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=True)
    try:
        return copy.deepcopy(value)
    except Exception:
        return value


def _same(a, b) -> bool:
    import pandas as pd

    if isinstance(a, (pd.DataFrame, pd.Series)):
        return isinstance(b, type(a)) and a.equals(b) and list(getattr(a, "columns", [])) == list(getattr(b, "columns", []))
    try:
        return bool(a == b)
    except Exception:
        return True


def calls(
    arguments: Callable[[object], dict],
    then: Comparator,
    *,
    call: str | None = None,
) -> Comparator:
    """For answers that are functions: call the student's function and compare its result.

    Parameters
    ----------
    arguments : callable(ex) -> dict
        The arguments, in order, to call the function with (name → value; passed by position,
        so the student may name the parameters freely), built from the session's data. The
        function receives copies; if it changes them, it is told so.
    then : Comparator
        Compares the function's result with the reference.
    call : str, optional
        How the call reads in messages, e.g. ``"rfm_table(orders, as_of)"``.
    """

    def compare(answer, expected, ex=None) -> Feedback:
        if is_placeholder(answer):
            return NOT_ATTEMPTED
        if answer is None:
            return incorrect("answer_is_none")
        if not callable(answer) or isinstance(answer, type):
            return incorrect("not_callable", got=describe(answer))
        kwargs = arguments(ex)
        originals = {k: _snapshot(v) for k, v in kwargs.items()}
        passed = {k: _snapshot(v) for k, v in kwargs.items()}
        shown = call or f"{getattr(answer, '__name__', 'function')}({', '.join(kwargs)})"
        try:
            result = answer(*passed.values())
        except Exception as exc:  # the student's code failed: say how, never show a traceback
            return incorrect("function_raised", error_type=type(exc).__name__, call=shown, error=_short(str(exc), 160))
        if is_placeholder(result):
            return Feedback(Outcome.NOT_ATTEMPTED, "not_attempted_function")
        if result is None:
            return incorrect("forgot_return")
        reported = answer.mutated if isinstance(answer, Replayed) else []
        for name, original in originals.items():
            if name in reported or not _same(passed[name], original):
                return incorrect("function_mutated", argument=name)
        return then(result, expected, ex)

    compare.argument_sets = lambda ex: [arguments(ex)]
    return compare


# -- known mistakes ----------------------------------------------------------------------------------
#: Diagnoses about the answer's form: a known-mistake message would only hide them.
FORM_KEYS = frozenset(
    {"wrong_type", "answer_is_none", "not_callable", "nan_answer", "infinite_answer", "missing_columns"}
)


def known_mistakes(
    base: Comparator,
    mistakes: Iterable[tuple[Callable[[object], object], str]],
    *,
    before: Callable[[object, object], str | None] | None = None,
) -> Comparator:
    """``base``, plus a diagnosis of typical mistakes.

    Parameters
    ----------
    base : Comparator
        Decides correct / incorrect.
    mistakes : iterable of (make(ex) -> value, message key)
        The result of a known mistake computed from the student's own data (e.g. the same
        measure with returned orders left in). An answer that fails ``base`` but would pass it
        against a mistake's result gets that mistake's message — which names the slip, never a
        value.
    before : callable(answer, ex) -> key or None, optional
        A recogniser tried first, for mistakes that are told by the answer's form.

    A mistake that cannot be computed, or raises, is skipped: a diagnosis never breaks a check.
    """
    mistakes = tuple(mistakes)

    def compare(answer, expected, ex=None) -> Feedback:
        fb = base(answer, expected, ex)
        if fb.outcome is not Outcome.INCORRECT or fb.key in FORM_KEYS or ex is None:
            return fb
        if before is not None:
            try:
                key = before(answer, ex)
            except Exception:
                key = None
            if key is not None:
                return incorrect(key)
        for make, key in mistakes:
            try:
                if base(answer, make(ex), ex).outcome is Outcome.CORRECT:
                    return incorrect(key)
            except Exception:
                continue
        return fb

    if hasattr(base, "argument_sets"):
        compare.argument_sets = base.argument_sets
    return compare
