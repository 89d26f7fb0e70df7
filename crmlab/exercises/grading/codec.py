"""Answers as data: how a value crosses between a grading process and the grader.

A notebook run by the grader does not decide anything: it *reports* each value passed to
``check`` — and, for a function answer, what the function returned on the grader's inputs — and
the grader decides. This module is the format of those reports (and of the inputs the grader hands
a function): plain JSON objects, one tagged node per value, e.g. ``{"t": "int", "v": "42"}``.

Reading a report never imports a module, never looks up a class or a function by a name the data
gives, and never runs code: every node is checked against the short list of types below and
rebuilt by the grader's own code (no pickle, no eval, no pandas or Arrow metadata). It is bounded:
:class:`Budget` caps the number of values, the length of each text and the nesting depth, so a
report of a few megabytes cannot make the grader allocate gigabytes.

Types kept exactly (values, dtypes, index and column labels): ``None``; ``bool``, ``int``,
``float``, ``str``; ``pandas.Period``; numpy scalars and 1-D or 2-D arrays of bool, int, uint, float, datetime64,
timedelta64 and str; ``pandas.Timestamp`` (with unit and time zone), ``Timedelta``, ``NaT``,
``NA``; ``Series``, ``DataFrame`` and ``Index`` (``RangeIndex``, ``MultiIndex``) whose values are
of those kinds, periods, categorical, pandas text (``str``, ``string``), nullable integers, floats and
booleans, or Python objects of these types; ``list``, ``tuple``, ``set``, ``frozenset``,
``dict``; ``datetime.date`` and ``datetime.datetime``; the placeholder ``____``. Anything else
is reported by its type name only (an "opaque" value that no comparator accepts), a function by
its name, a class as a class.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re

from .._placeholder import ____, is_placeholder

#: Tags of the scalar and container nodes.
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")
_INT_TEXT = re.compile(r"^-?[0-9]{1,200}$")
_UNITS = frozenset({"s", "ms", "us", "ns"})
_INTS = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"})
_FLOATS = frozenset({"float16", "float32", "float64"})
_MASKED_INTS = frozenset({"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"})
_MASKED_FLOATS = frozenset({"Float32", "Float64"})
_TZ = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$")
_FREQ = re.compile(r"^[0-9]{0,4}[A-Za-z]{1,5}(-[A-Z]{3})?$")
MAX_DEPTH = 24


class DecodeError(ValueError):
    """A report that is not a well-formed encoding, or larger than its budget allows."""


class Budget:
    """How much one decoding may build.

    Parameters
    ----------
    items : int
        Values in all (array elements, container items, scalars).
    text : int
        Characters of one text.
    """

    def __init__(self, items: int = 5_000_000, text: int = 100_000):
        self.items = items
        self.text = text

    def take(self, n: int) -> None:
        if n < 0:
            raise DecodeError("negative size")  # i18n: internal
        self.items -= n
        if self.items < 0:
            raise DecodeError("the report holds more values than the grader reads")  # i18n: internal


def clean_name(name: object, default: str = "object") -> str:
    """``name`` if it is a short identifier (a type or function name), else ``default``."""
    return name if isinstance(name, str) and _NAME.match(name) else default


# -- encoding (runs in the notebook's process: it must never raise) ---------------------------------
def encode(value: object) -> dict:
    """The report of ``value`` (see the module docstring); never raises."""
    try:
        return _enc(value, 0)
    except Exception:
        return {"t": "opaque", "type": clean_name(_type_name(value))}


def _type_name(value) -> str:
    try:
        return type(value).__name__
    except Exception:
        return "object"


def _enc(value, depth: int) -> dict:
    import numpy as np
    import pandas as pd

    if depth > MAX_DEPTH:
        return {"t": "opaque", "type": clean_name(_type_name(value))}
    if value is None:
        return {"t": "none"}
    if is_placeholder(value):
        return {"t": "placeholder"}
    if value is pd.NaT:
        return {"t": "nat"}
    if value is pd.NA:
        return {"t": "na"}
    cls = type(value)
    if cls is bool:
        return {"t": "bool", "v": value}
    if cls is int:
        return {"t": "int", "v": str(value)}
    if cls is float:
        return {"t": "float", "v": value}
    if cls is str:
        return {"t": "str", "v": value}
    if isinstance(value, np.generic):
        return _enc_numpy_scalar(value)
    if isinstance(value, pd.Timestamp):
        return {"t": "timestamp", "unit": value.unit, "tz": None if value.tz is None else str(value.tz),
                "v": int(value.asm8.view("i8"))}
    if isinstance(value, pd.Timedelta):
        return {"t": "timedelta", "unit": value.unit, "v": int(value.asm8.view("i8"))}
    if isinstance(value, pd.Period):
        return {"t": "period", "freq": value.freqstr, "v": int(value.ordinal)}
    if isinstance(value, pd.DataFrame):
        return {"t": "frame", "index": _enc_index(value.index), "columns": _enc_index(value.columns),
                "data": [_enc_array(value.iloc[:, i]) for i in range(value.shape[1])]}
    if isinstance(value, pd.Series):
        return {"t": "series", "name": _enc(value.name, depth + 1), "index": _enc_index(value.index),
                "values": _enc_array(value)}
    if isinstance(value, pd.Index):
        return {"t": "index", "index": _enc_index(value)}
    if isinstance(value, pd.Categorical):
        return {"t": "categorical", "values": _enc_array(value)}
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return _enc(value[()], depth + 1)
        if value.ndim > 2:
            return {"t": "opaque", "type": "ndarray"}
        return {"t": "ndarray", "shape": list(value.shape), "values": _enc_array(value.reshape(-1))}
    if cls in (list, tuple, set, frozenset):
        items = list(value) if cls in (list, tuple) else sorted(value, key=repr)
        return {"t": cls.__name__, "items": [_enc(v, depth + 1) for v in items]}
    if cls is dict:
        return {"t": "dict", "items": [[_enc(k, depth + 1), _enc(v, depth + 1)] for k, v in value.items()]}
    if cls is _dt.datetime:
        return {"t": "datetime", "v": value.isoformat()}
    if cls is _dt.date:
        return {"t": "date", "v": value.isoformat()}
    if isinstance(value, type):
        return {"t": "class", "name": clean_name(getattr(value, "__name__", None))}
    if callable(value):
        return {"t": "function", "name": clean_name(getattr(value, "__name__", None), "function")}
    if isinstance(value, bool):  # a subclass of a plain type: its plain value
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, int):
        return {"t": "int", "v": str(int(value))}
    if isinstance(value, float):
        return {"t": "float", "v": float(value)}
    if isinstance(value, str):
        return {"t": "str", "v": str(value)}
    return {"t": "opaque", "type": clean_name(_type_name(value))}


def _enc_numpy_scalar(value) -> dict:
    import numpy as np

    if isinstance(value, np.bool_):
        return {"t": "npbool", "v": bool(value)}
    if isinstance(value, np.integer):
        return {"t": "npint", "dtype": value.dtype.name, "v": int(value)}
    if isinstance(value, np.floating):
        return {"t": "npfloat", "dtype": value.dtype.name, "v": float(value)}
    if isinstance(value, np.datetime64):
        return {"t": "npdatetime", "unit": np.datetime_data(value.dtype)[0], "v": int(value.view("i8"))}
    if isinstance(value, np.timedelta64):
        return {"t": "nptimedelta", "unit": np.datetime_data(value.dtype)[0], "v": int(value.view("i8"))}
    if isinstance(value, np.str_):
        return {"t": "str", "v": str(value)}
    return {"t": "opaque", "type": clean_name(type(value).__name__)}


def _enc_index(index) -> dict:
    import pandas as pd

    if isinstance(index, pd.RangeIndex):
        return {"t": "range", "start": index.start, "stop": index.stop, "step": index.step, "name": _enc(index.name, 1)}
    if isinstance(index, pd.MultiIndex):
        return {"t": "multi", "levels": [_enc_array(index.get_level_values(i)) for i in range(index.nlevels)],
                "names": [_enc(n, 1) for n in index.names]}
    return {"t": "plain", "values": _enc_array(index), "name": _enc(index.name, 1)}


def _enc_array(values) -> dict:
    """One column's values (a Series, Index, pandas array or 1-D numpy array)."""
    import numpy as np
    import pandas as pd

    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cat = pd.Categorical(values, dtype=dtype)
        return {"k": "category", "ordered": bool(dtype.ordered), "categories": _enc_array(dtype.categories),
                "codes": cat.codes.astype("int64").tolist()}
    if isinstance(dtype, pd.DatetimeTZDtype):
        naive = pd.DatetimeIndex(values).tz_convert("UTC").tz_localize(None)
        return {"k": "datetime", "unit": dtype.unit, "tz": str(dtype.tz), "v": np.asarray(naive).view("i8").tolist()}
    if isinstance(dtype, pd.PeriodDtype):
        return {"k": "period", "freq": dtype.name[len("period["):-1], "v": pd.PeriodIndex(values).asi8.tolist()}
    if isinstance(dtype, pd.StringDtype):
        na_nan = isinstance(dtype.na_value, float)
        items = pd.Series(values, copy=False).astype(object)
        return {"k": "string", "storage": dtype.storage, "nan": na_nan,
                "v": [None if not isinstance(x, str) else x for x in items.tolist()]}
    if isinstance(dtype, pd.BooleanDtype):
        return {"k": "boolean", "v": [None if x is pd.NA else bool(x) for x in pd.array(values, dtype=dtype)]}
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.name in _MASKED_INTS:
        return {"k": "Int", "dtype": dtype.name, "v": [None if x is pd.NA else int(x) for x in pd.array(values, dtype=dtype)]}
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.name in _MASKED_FLOATS:
        return {"k": "Float", "dtype": dtype.name, "v": [None if x is pd.NA else float(x) for x in pd.array(values, dtype=dtype)]}
    if isinstance(dtype, np.dtype):
        arr = np.asarray(values)
        kind = dtype.kind
        if kind == "b":
            return {"k": "bool", "v": arr.tolist()}
        if kind in "iu" and dtype.name in _INTS:
            return {"k": "int", "dtype": dtype.name, "v": arr.tolist()}
        if kind == "f" and dtype.name in _FLOATS:
            return {"k": "float", "dtype": dtype.name, "v": arr.astype("float64").tolist()}
        if kind in "Mm":
            unit = np.datetime_data(dtype)[0]
            if unit in _UNITS:
                return {"k": "datetime" if kind == "M" else "timedelta", "unit": unit, "tz": None,
                        "v": arr.view("i8").tolist()}
        if kind == "U":
            return {"k": "nstr", "v": arr.tolist()}
    objects = np.asarray(values, dtype=object)
    return {"k": "object", "v": [_enc(v, 1) for v in objects.tolist()]}


def dumps(value: object) -> str:
    """``encode(value)`` as one line of JSON text."""
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


# -- decoding (runs in the grader: everything it reads is hostile) -----------------------------------
class Opaque:
    """A value the report gave by its type name only (no comparator accepts it)."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


_OPAQUE: dict[str, type] = {}


def opaque_type(name: str) -> type:
    """The stand-in class of a reported type name (one per name, made by the grader)."""
    name = clean_name(name)
    if name not in _OPAQUE:
        _OPAQUE[name] = type(name, (Opaque,), {"__module__": "crmlab.exercises.grading.codec"})
    return _OPAQUE[name]


def _reported_function(name: str):
    def function(*args, **kwargs):
        raise TypeError("a reported function cannot be called")  # i18n: internal

    function.__name__ = function.__qualname__ = clean_name(name, "function")
    return function


def loads(text: str | bytes, budget: Budget | None = None) -> object:
    """Decode a report read from a file (see :func:`decode`)."""
    try:
        node = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise DecodeError(f"not JSON: {type(exc).__name__}") from None  # i18n: internal
    return decode(node, budget)


def decode(node: object, budget: Budget | None = None) -> object:
    """The value a report stands for.

    Raises
    ------
    DecodeError
        If the report is malformed or exceeds ``budget`` (default :class:`Budget`).
    """
    budget = budget or Budget()
    try:
        return _dec(node, budget, 0)
    except DecodeError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError, RecursionError) as exc:
        raise DecodeError(f"malformed report ({type(exc).__name__})") from None  # i18n: internal


def _need(node, key, kind):
    value = node[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise DecodeError(f"`{key}` has the wrong type")  # i18n: internal
    return value


def _dec(node, budget: Budget, depth: int):
    import numpy as np
    import pandas as pd

    if depth > MAX_DEPTH + 4:
        raise DecodeError("nested too deeply")  # i18n: internal
    if not isinstance(node, dict) or not isinstance(node.get("t"), str):
        raise DecodeError("not a tagged node")  # i18n: internal
    budget.take(1)
    t = node["t"]
    if t == "none":
        return None
    if t == "placeholder":
        return ____
    if t == "nat":
        return pd.NaT
    if t == "na":
        return pd.NA
    if t in ("bool", "npbool"):
        value = _need(node, "v", bool)
        return value if t == "bool" else np.bool_(value)
    if t == "int":
        text = _need(node, "v", str)
        if not _INT_TEXT.match(text):
            raise DecodeError("not a whole number")  # i18n: internal
        return int(text)
    if t == "float":
        return _float(node["v"])
    if t == "str":
        return _text(node["v"], budget)
    if t == "npint":
        dtype = _need(node, "dtype", str)
        if dtype not in _INTS:
            raise DecodeError("unknown integer type")  # i18n: internal
        value = _need(node, "v", int)
        info = np.iinfo(dtype)
        if not info.min <= value <= info.max:
            raise DecodeError("integer out of range")  # i18n: internal
        return np.dtype(dtype).type(value)
    if t == "npfloat":
        dtype = _need(node, "dtype", str)
        if dtype not in _FLOATS:
            raise DecodeError("unknown float type")  # i18n: internal
        return np.dtype(dtype).type(_float(node["v"]))
    if t in ("npdatetime", "nptimedelta"):
        unit = _unit(node)
        return np.array([_need(node, "v", int)], dtype="i8").view(("M8[" if t == "npdatetime" else "m8[") + unit + "]")[0]
    if t == "timestamp":
        unit = _unit(node)
        ts = pd.Timestamp(np.array([_need(node, "v", int)], dtype="i8").view(f"M8[{unit}]")[0])
        tz = node.get("tz")
        return ts if tz is None else ts.tz_localize("UTC").tz_convert(_tz(tz))
    if t == "timedelta":
        unit = _unit(node)
        return pd.Timedelta(np.array([_need(node, "v", int)], dtype="i8").view(f"m8[{unit}]")[0])
    if t == "period":
        return pd.Period(ordinal=_need(node, "v", int), freq=_freq(node))
    if t == "datetime":
        return _dt.datetime.fromisoformat(_text(node["v"], budget)[:64])
    if t == "date":
        return _dt.date.fromisoformat(_text(node["v"], budget)[:16])
    if t in ("list", "tuple", "set", "frozenset"):
        items = _need(node, "items", list)
        budget.take(len(items))
        values = [_dec(v, budget, depth + 1) for v in items]
        return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[t](values)
    if t == "dict":
        items = _need(node, "items", list)
        budget.take(len(items))
        out = {}
        for pair in items:
            if not isinstance(pair, list) or len(pair) != 2:
                raise DecodeError("a dict item is not a pair")  # i18n: internal
            out[_dec(pair[0], budget, depth + 1)] = _dec(pair[1], budget, depth + 1)
        return out
    if t == "ndarray":
        shape = _need(node, "shape", list)
        if not 1 <= len(shape) <= 2 or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in shape):
            raise DecodeError("bad array shape")  # i18n: internal
        values = _dec_array(node["values"], budget, depth)
        if not isinstance(values, np.ndarray) or values.size != math.prod(shape):
            raise DecodeError("array size does not match its shape")  # i18n: internal
        return values.reshape(shape)
    if t == "categorical":
        values = _dec_array(node["values"], budget, depth)
        if not isinstance(values, pd.Categorical):
            raise DecodeError("not categorical values")  # i18n: internal
        return values
    if t == "series":
        index = _dec_index(node["index"], budget, depth)
        values = _dec_array(node["values"], budget, depth)
        if len(values) != len(index):
            raise DecodeError("values and index differ in length")  # i18n: internal
        return pd.Series(values, index=index, name=_label(node["name"], budget, depth), copy=False,
                         dtype=object if _is_object(values) else None)
    if t == "frame":
        index = _dec_index(node["index"], budget, depth)
        columns = _dec_index(node["columns"], budget, depth)
        data = _need(node, "data", list)
        if len(data) != len(columns):
            raise DecodeError("columns and data differ in number")  # i18n: internal
        arrays = [_dec_array(col, budget, depth) for col in data]
        for arr in arrays:
            if len(arr) != len(index):
                raise DecodeError("a column and the index differ in length")  # i18n: internal
        frame = pd.DataFrame(
            {i: pd.Series(arr, index=index, copy=False, dtype=object if _is_object(arr) else None) for i, arr in enumerate(arrays)},
            index=index,
        )
        frame.columns = columns
        return frame
    if t == "index":
        return _dec_index(node["index"], budget, depth)
    if t == "class":
        return type(clean_name(node.get("name")), (), {"__module__": "crmlab.exercises.grading.codec"})
    if t == "function":
        return _reported_function(node.get("name"))
    if t == "opaque":
        return opaque_type(node.get("type"))()
    raise DecodeError("unknown tag")  # i18n: internal


def _is_object(values) -> bool:
    import numpy as np

    return isinstance(values, np.ndarray) and values.dtype == object


def _float(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DecodeError("not a number")  # i18n: internal
    return float(value)


def _text(value, budget: Budget) -> str:
    if not isinstance(value, str):
        raise DecodeError("not a text")  # i18n: internal
    if len(value) > budget.text:
        raise DecodeError("text longer than the grader reads")  # i18n: internal
    return value


def _unit(node) -> str:
    unit = node.get("unit")
    if unit not in _UNITS:
        raise DecodeError("unknown time unit")  # i18n: internal
    return unit


def _tz(value) -> str:
    if not isinstance(value, str) or not _TZ.match(value):
        raise DecodeError("bad time zone")  # i18n: internal
    return value


def _freq(node) -> str:
    freq = node.get("freq")
    if not isinstance(freq, str) or not _FREQ.match(freq):
        raise DecodeError("bad period frequency")  # i18n: internal
    return freq


def _label(node, budget: Budget, depth: int):
    value = _dec(node, budget, depth + 1)
    try:
        hash(value)
    except TypeError:
        raise DecodeError("a label is not hashable") from None  # i18n: internal
    return value


def _dec_index(node, budget: Budget, depth: int):
    import pandas as pd

    if not isinstance(node, dict):
        raise DecodeError("not an index")  # i18n: internal
    t = node.get("t")
    if t == "range":
        start, stop, step = (_need(node, k, int) for k in ("start", "stop", "step"))
        if step == 0:
            raise DecodeError("zero step")  # i18n: internal
        index = pd.RangeIndex(start, stop, step, name=_label(node["name"], budget, depth))
        budget.take(len(index))
        return index
    if t == "multi":
        levels = [_dec_array(v, budget, depth) for v in _need(node, "levels", list)]
        names = [_label(n, budget, depth) for n in _need(node, "names", list)]
        if not levels or len(names) != len(levels) or len({len(v) for v in levels}) != 1:
            raise DecodeError("bad multi-index")  # i18n: internal
        return pd.MultiIndex.from_arrays(levels, names=names)
    if t == "plain":
        values = _dec_array(node["values"], budget, depth)
        return pd.Index(values, name=_label(node["name"], budget, depth), dtype=object if _is_object(values) else None)
    raise DecodeError("unknown index kind")  # i18n: internal


def _dec_array(node, budget: Budget, depth: int):
    """The values of one column: a numpy array or a pandas array of the reported dtype."""
    import numpy as np
    import pandas as pd

    if not isinstance(node, dict):
        raise DecodeError("not an array")  # i18n: internal
    kind = node.get("k")
    if kind == "category":
        categories = _dec_array(node["categories"], budget, depth)
        codes = _need(node, "codes", list)
        budget.take(len(codes))
        codes = np.asarray(codes, dtype="int64")
        if codes.size and (codes.min() < -1 or codes.max() >= len(categories)):
            raise DecodeError("category code out of range")  # i18n: internal
        dtype = pd.CategoricalDtype(pd.Index(categories, dtype=object if _is_object(categories) else None),
                                    ordered=_need(node, "ordered", bool))
        return pd.Categorical.from_codes(codes, dtype=dtype)
    values = _need(node, "v", list)
    budget.take(len(values))
    if kind == "bool":
        if not all(isinstance(v, bool) for v in values):
            raise DecodeError("not booleans")  # i18n: internal
        return np.array(values, dtype=bool)
    if kind == "int":
        dtype = node.get("dtype")
        if dtype not in _INTS or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise DecodeError("not whole numbers")  # i18n: internal
        return np.array(values, dtype=dtype)
    if kind == "float":
        dtype = node.get("dtype")
        if dtype not in _FLOATS:
            raise DecodeError("unknown float type")  # i18n: internal
        return np.array([_float(v) for v in values], dtype="float64").astype(dtype)
    if kind in ("datetime", "timedelta"):
        unit = _unit(node)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise DecodeError("not time stamps")  # i18n: internal
        arr = np.array(values, dtype="i8").view(("M8[" if kind == "datetime" else "m8[") + unit + "]")
        tz = node.get("tz")
        if kind == "datetime" and tz is not None:
            return pd.DatetimeIndex(arr).tz_localize("UTC").tz_convert(_tz(tz)).array
        return arr
    if kind == "period":
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise DecodeError("not periods")  # i18n: internal
        return pd.arrays.PeriodArray(np.array(values, dtype="i8"), dtype=pd.PeriodDtype(_freq(node)))
    if kind == "nstr":
        return np.array([_text(v, budget) for v in values], dtype=str) if values else np.array([], dtype=str)
    if kind == "string":
        storage = node.get("storage")
        if storage not in ("python", "pyarrow"):
            raise DecodeError("unknown text storage")  # i18n: internal
        items = [None if v is None else _text(v, budget) for v in values]
        dtype = pd.StringDtype(storage, na_value=np.nan if _need(node, "nan", bool) else pd.NA)
        return pd.array(items, dtype=dtype)
    if kind == "boolean":
        if not all(v is None or isinstance(v, bool) for v in values):
            raise DecodeError("not booleans")  # i18n: internal
        return pd.array(values, dtype="boolean")
    if kind in ("Int", "Float"):
        dtype = node.get("dtype")
        allowed = _MASKED_INTS if kind == "Int" else _MASKED_FLOATS
        if dtype not in allowed:
            raise DecodeError("unknown nullable type")  # i18n: internal
        ok = (lambda v: isinstance(v, int) and not isinstance(v, bool)) if kind == "Int" else (
            lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
        if not all(v is None or ok(v) for v in values):
            raise DecodeError("not numbers")  # i18n: internal
        return pd.array(values, dtype=dtype)
    if kind == "object":
        out = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            out[i] = _dec(v, budget, depth + 1)
        return out
    raise DecodeError("unknown array kind")  # i18n: internal
