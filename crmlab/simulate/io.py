"""Writing and reading the tables (CSV or Parquet), block by block."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..errors import ParameterError
from ..i18n import _
from .schema import all_tables, conform, dtype_of

METADATA = "metadata.json"


class TableWriter:
    """Append DataFrames to one file per table; files are opened on first use.

    CSV: header once, then rows; dates as ``YYYY-MM-DD``; missing values empty.
    Parquet: one row group per written block, zstd-compressed.
    """

    def __init__(self, folder: Path, format: str):
        self.folder = Path(folder)
        self.format = format
        self._parquet: dict[str, object] = {}
        self._started: set[str] = set()
        self.rows: dict[str, int] = {}

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.{self.format}"

    def __enter__(self) -> TableWriter:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def write(self, name: str, frame: pd.DataFrame) -> None:
        first = name not in self._started
        self._started.add(name)
        self.rows[name] = self.rows.get(name, 0) + len(frame)
        if self.format == "csv":
            frame.to_csv(
                self.path(name),
                mode="w" if first else "a",
                header=first,
                index=False,
                date_format="%Y-%m-%d",
                lineterminator="\n",
                encoding="utf-8",
            )
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = self._parquet.get(name)
        table = pa.Table.from_pandas(
            frame, schema=writer.schema if writer is not None else None, preserve_index=False
        )
        if writer is None:
            writer = pq.ParquetWriter(self.path(name), table.schema, compression="zstd")
            self._parquet[name] = writer
        writer.write_table(table)

    def __exit__(self, *exc) -> None:
        for writer in self._parquet.values():
            writer.close()


def write_metadata(folder: Path, meta: dict, format: str, rows: dict[str, int] | None = None) -> None:
    meta = {**meta, "format": format}
    if rows is not None:
        meta["rows"] = rows
    (Path(folder) / METADATA).write_text(
        json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def stream_to(
    cfg, folder: Path, format: str, progress: bool = True, timer: dict[str, float] | None = None
) -> dict[str, int]:
    """Simulate ``cfg`` block by block straight into ``folder``; returns rows per table.

    ``timer``, if given, receives the seconds spent per stage, ``write`` included.
    """
    import time

    from .dataset import iter_blocks, metadata

    total = cfg.n_blocks + 1 + -(-cfg.n_accounts // 2000)  # customer blocks, the basket truth, account blocks
    bar = None
    if progress:
        from tqdm.auto import tqdm

        # Translators: the progress bar while the data are generated; a block is a batch of customers.
        bar = tqdm(total=total, unit=_("block"), desc=_("generating"))
    with TableWriter(folder, format) as writer:
        for tables in iter_blocks(cfg, timer):
            t0 = time.perf_counter()
            for name, frame in tables.items():
                writer.write(name, conform(name, frame))
            if timer is not None:
                timer["write"] = timer.get("write", 0.0) + time.perf_counter() - t0
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()
    write_metadata(folder, metadata(cfg), format, writer.rows)
    return writer.rows


def read_table(path: Path, name: str) -> pd.DataFrame:
    """Read one saved table with the schema's dtypes."""
    spec = all_tables()[name]["columns"]
    if path.suffix == ".parquet":
        return conform(name, pd.read_parquet(path))
    dtypes, dates = {}, []
    for col, kind, _about in spec:
        if kind == "date":
            dates.append(col)
        elif isinstance(kind, tuple):
            dtypes[col] = "str"
        else:
            dtypes[col] = dtype_of(kind)
    try:
        frame = pd.read_csv(path, dtype=dtypes, parse_dates=dates, keep_default_na=False, na_values=[""])
    except ValueError as exc:
        raise ParameterError(
            # Translators: {error} is pandas' own message, in English.
            _("{path} is not a valid `{name}` table: {error}").format(path=path, name=name, error=exc)
        ) from None
    return conform(name, frame)
