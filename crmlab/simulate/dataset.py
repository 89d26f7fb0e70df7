"""The simulated company as one object, and how it is generated and saved."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from .._checks import check_choice
from ..errors import ParameterError, ParameterTypeError
from ..i18n import _, ngettext
from .config import DEFAULTS, SimConfig, fill_defaults, make_config

FORMATS = ("csv", "parquet")
ACCOUNT_BLOCK = 2_000


class Dataset(Mapping):
    """Related tables of one simulated company.

    Tables are reachable by attribute (``data.orders``) and by name (``data["orders"]``).
    Tables whose names start with ``truth`` hold the hidden ground truth of the simulation.

    Parameters
    ----------
    tables : dict of str to DataFrame
    metadata : dict
        How the data was made: parameters, seed and package versions.
    """

    def __init__(self, tables: dict[str, pd.DataFrame], metadata: dict):
        self._tables = dict(tables)
        self.metadata = dict(metadata)

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self._tables[name]
        except KeyError:
            raise ParameterError(
                _("The value for `{name}` must be one of {choices}, but {got} was passed.").format(
                    name="name", choices=list(self._tables), got=repr(name)
                )
            ) from None

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.__dict__["_tables"][name]
        except KeyError:
            raise AttributeError(
                _("This dataset has no table {name!r}; its tables are {names}.").format(
                    name=name, names=list(self._tables)
                )
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __dir__(self):
        return [*super().__dir__(), *self._tables]

    @property
    def visible(self) -> list[str]:
        """Names of the tables an analyst sees (everything but the truth)."""
        return [t for t in self._tables if not t.startswith("truth")]

    def __repr__(self) -> str:
        meta = self.metadata.get("parameters", {})
        lines = [
            _("<crmlab Dataset: {customers} customers, seed {seed}, locale {locale}, {start} … {end}>").format(
                customers=meta.get("customers", "?"),
                seed=meta.get("seed", "?"),
                locale=meta.get("locale", "?"),
                start=meta.get("start", "?"),
                end=meta.get("end", "?"),
            )
        ]
        for name, frame in self._tables.items():
            lines.append(
                "  "
                + ngettext("{name:<17} {rows:>9,} row × {columns} columns", "{name:<17} {rows:>9,} rows × {columns} columns", len(frame)).format(
                    name=name, rows=len(frame), columns=frame.shape[1]
                )
            )
        return "\n".join(lines)

    def save(self, folder: str | Path, format: str = "csv") -> Path:
        """Write every table to ``folder`` (one file per table) plus ``metadata.json``.

        Parameters
        ----------
        folder : str or Path
            Created if missing; files of the same names are overwritten.
        format : {"csv", "parquet"}

        Returns
        -------
        Path
            The folder.
        """
        from . import io

        check_choice("format", format, FORMATS)
        if not isinstance(folder, (str, Path)):
            raise ParameterTypeError(
                _("`folder` must be a path (str or pathlib.Path), but {type} was passed.").format(
                    type=type(folder).__name__
                )
            )
        folder = Path(folder)
        with io.TableWriter(folder, format) as writer:
            for name, frame in self._tables.items():
                writer.write(name, frame)
        io.write_metadata(folder, self.metadata, format, writer.rows)
        return folder


def metadata(cfg: SimConfig) -> dict:
    """What a saved dataset records about how it was made (no dates, no paths)."""
    from importlib.metadata import version

    from .. import __version__

    deps = {}
    for pkg in ("numpy", "pandas", "faker", "pyarrow"):
        try:
            deps[pkg] = version(pkg)
        except Exception:  # pragma: no cover - not installed
            deps[pkg] = None
    return {
        "generator": "crmlab.generate",
        "crmlab": __version__,
        "parameters": cfg.as_dict(),
        "versions": deps,
    }


def iter_blocks(cfg: SimConfig, timer: dict[str, float] | None = None) -> Iterator[dict[str, pd.DataFrame]]:
    """Yield the tables block by block: customer blocks first, then account blocks.

    ``timer``, if given, receives the seconds spent per stage (for benchmarks).
    """
    import time

    from .accounts import accounts_block
    from .block import Counters, simulate_block
    from .lines import pair_counts, truth_table

    ids = Counters()
    pairs = None  # the planted pairs' counts, summed over the blocks for their lift
    for b in range(cfg.n_blocks):
        tables = simulate_block(cfg, b, ids, timer)
        ids.advance(tables)
        counts = pair_counts(tables["order_lines"], tables["orders"])
        pairs = counts if pairs is None else pairs + counts
        yield tables
    yield {"truth_baskets": truth_table(pairs)}
    n_acc = cfg.n_accounts
    for b in range(-(-n_acc // ACCOUNT_BLOCK)):
        first = b * ACCOUNT_BLOCK + 1
        t0 = time.perf_counter()
        tables = accounts_block(
            cfg.seed, cfg.locale, b, first, min(ACCOUNT_BLOCK, n_acc - first + 1), cfg.start64, cfg.end64
        )
        if timer is not None:
            timer["accounts"] = timer.get("accounts", 0.0) + time.perf_counter() - t0
        yield tables


def generate(
    customers: int = DEFAULTS.customers,
    seed: int = DEFAULTS.seed,
    locale: str = DEFAULTS.locale,
    start: str = DEFAULTS.start.isoformat(),
    end: str = DEFAULTS.end.isoformat(),
    accounts: int | None = DEFAULTS.accounts,
) -> Dataset:
    """Simulate the company and return all its tables in memory.

    Parameters
    ----------
    customers : int, default {customers}
        Number of individual customers (1 … 10,000,000). For more than a few hundred thousand
        prefer the command line ``crmlab generate``, which streams to disk. A size whose
        tables would not fit the memory budget (``$CRMLAB_MEMORY_BUDGET``, else half of the
        memory this process may use; about 2.2 kB per customer over three years) is refused
        with an error: see :mod:`crmlab.simulate.budget`.
    seed : int, default {seed}
        Seed of every random stream. Same seed and package versions → identical data.
    locale : {"en_US", "zh_CN"}
        Language and country of names, addresses and phone numbers. Only these identity strings
        depend on the locale: every number is the same in every locale.
    start, end : str or date, default "{start}" and "{end}"
        The observation window (at least 365 days). Orders, complaints, surveys and campaigns
        fall inside it.
    accounts : int, optional
        Number of business accounts (distributors, agents …); default
        ``max({min_accounts}, customers // {per_account})``.

    Returns
    -------
    Dataset
        Tables ``customers``, ``orders``, ``order_lines``, ``surveys``, ``complaints``,
        ``complaint_steps``, ``campaigns``, ``archive``, ``accounts``, ``contacts``, ``invoices``
        and the hidden ``truth_customers``, ``truth_archive``, ``truth_accounts``,
        ``truth_baskets``. See ``datasets/README.md``.

    Examples
    --------
    >>> import crmlab
    >>> data = crmlab.generate(customers=500, seed=1)
    >>> sorted(data.orders.columns)[:3]
    ['amount', 'category', 'channel']
    """
    from .schema import all_tables, conform

    from . import budget

    cfg = make_config(customers, seed, locale, start, end, accounts)
    budget.check(cfg.customers, (cfg.end - cfg.start).days)
    parts: dict[str, list[pd.DataFrame]] = {}
    for tables in iter_blocks(cfg):
        for name, frame in tables.items():
            parts.setdefault(name, []).append(frame)
    order = [t for t in all_tables() if t in parts]
    tables = {
        name: conform(name, pd.concat(parts[name], ignore_index=True) if len(parts[name]) > 1 else parts[name][0])
        for name in order
    }
    return Dataset(tables, metadata(cfg))


generate.__doc__ = fill_defaults(generate.__doc__)
