"""generate(): structure, determinism, locales, validation, saving and the bundled data."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.errors import ParameterError, ParameterTypeError
from crmlab.simulate.places import district_table
from crmlab.simulate.schema import all_tables, dtype_of

from .conftest import company

ROOT = Path(__file__).resolve().parent.parent
IDENTITY = {
    "customers": {"name", "phone", "email", "province", "city", "address", "postcode", "id_number"},
    "archive": {"name", "gender", "birth_date", "phone", "email", "province", "city", "address", "postcode"},
    "accounts": {"company", "province", "city", "sales_rep"},
    "contacts": {"name", "phone", "email", "title"},
}


def test_tables_match_the_schema(data):
    schema = all_tables()
    assert list(data) == list(schema)
    for name, frame in data.items():
        cols = schema[name]["columns"]
        assert list(frame.columns) == [c for c, _, _ in cols], name
        for col, kind, _ in cols:
            assert str(frame[col].dtype) == dtype_of(kind), (name, col, frame[col].dtype)
            if isinstance(kind, tuple):
                assert list(frame[col].cat.categories) == list(kind[1])
        assert isinstance(frame.index, pd.RangeIndex)
    assert data.visible == [t for t in schema if not t.startswith("truth")]


def test_access_by_attribute_and_name():
    d = company(0)
    assert d.orders is d["orders"]
    with pytest.raises(ParameterError, match="`name`.*'order'"):
        d["order"]
    with pytest.raises(AttributeError, match="no table 'order'"):
        d.order
    assert "3000 customers" in repr(d) and "orders" in repr(d)


def test_keys_are_unique_and_consistent(data):
    ids = set(data.customers["customer_id"])
    assert data.customers["customer_id"].tolist() == list(range(1, len(data.customers) + 1))
    for table, key in [
        ("orders", "order_id"),
        ("surveys", "survey_id"),
        ("complaints", "complaint_id"),
        ("campaigns", "contact_id"),
        ("archive", "record_id"),
    ]:
        assert data[table][key].is_unique, table
        if "customer_id" in data[table]:
            assert set(data[table]["customer_id"]) <= ids, table
    assert set(data.truth_archive["customer_id"]) == ids
    assert data.surveys["customer_id"].is_unique


def test_same_seed_same_data_different_seed_different_data():
    a = crmlab.generate(customers=800, seed=5)
    b = crmlab.generate(customers=800, seed=5)
    c = crmlab.generate(customers=800, seed=6)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert not a.orders["amount"].equals(c.orders["amount"])
    assert not a.customers["name"].equals(c.customers["name"])


def test_numbers_are_identical_in_every_locale():
    en = crmlab.generate(customers=1500, seed=3, locale="en_US")
    zh = crmlab.generate(customers=1500, seed=3, locale="zh_CN")
    for name in en:
        other = set(en[name].columns) - IDENTITY.get(name, set())
        cols = [c for c in en[name].columns if c in other]
        pd.testing.assert_frame_equal(en[name][cols], zh[name][cols], obj=name)
    assert not en.customers["name"].equals(zh.customers["name"])
    assert zh.customers["name"].str.contains(r"^[\u4e00-\u9fff]{2,4}$").mean() > 0.99


def test_zh_cn_identities_are_valid():
    from crmlab.simulate.identity import id_checksum
    from crmlab.simulate.places import city_table

    c = company(0, locale="zh_CN").customers
    cities = city_table("zh_CN")
    pairs = set(zip(cities["province"], cities["city"]))
    assert all(p in pairs for p in zip(c["province"], c["city"]))
    ids = c["id_number"]
    assert ids.str.len().eq(18).all()
    assert all(id_checksum(i[:17]) == i[17] for i in ids)
    assert (ids.str[6:14] == c["birth_date"].dt.strftime("%Y%m%d")).all()
    odd = ids.str[16].astype(int) % 2 == 1
    assert (odd == (c["gender"] == "M")).all()
    assert c["phone"].str.fullmatch(r"1[3-9]\d{9}").all()
    # the address names a district of the city; postcode and ID area code are that district's
    district = _district_rows(c["city"], c["address"])
    assert district.notna().all()
    table = district_table("zh_CN")
    assert (c["postcode"].to_numpy(dtype=object)
            == table["postcode"].to_numpy(dtype=object)[district.astype(int)]).all()
    assert (ids.str[:6].to_numpy(dtype=object)
            == table["id_code"].to_numpy(dtype=object)[district.astype(int)]).all()


def _district_rows(city: pd.Series, address: pd.Series) -> pd.Series:
    """Row of :func:`district_table` of the district each address starts with, among its city's
    districts (longest name first); missing where none of them starts it."""
    table = district_table("zh_CN")
    rows = {c: sorted(g.index, key=lambda i: -len(table.at[i, "district"]))
            for c, g in table.groupby("city")}
    return pd.Series([next((i for i in rows.get(c, []) if a.startswith(table.at[i, "district"])),
                           None) for c, a in zip(city, address)], index=city.index, dtype=object)


def test_bundled_zh_cn_addresses_name_districts_of_their_city():
    """Every bundled zh_CN address names a district of its own city (the archive's, once
    standardised, unless the record dropped the district)."""
    from crmlab.profile.standardize import standardize_address, standardize_city

    customers = crmlab.load("customers", locale="zh_CN")
    assert _district_rows(customers["city"], customers["address"]).notna().all()
    archive = crmlab.load("archive", locale="zh_CN")
    rows = archive["address"].notna() & archive["city"].notna()
    city = standardize_city(archive.loc[rows, "city"], "zh_CN")
    address = standardize_address(archive.loc[rows, "address"], "zh_CN")
    found = _district_rows(city, address).notna()
    everywhere = tuple(district_table("zh_CN")["district"])
    # where no district of the city starts the address, none at all does (it was dropped)
    assert not address[~found].str.startswith(everywhere).any()
    assert 0.95 < found.mean() < 0.99


def _run_generate(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crmlab.cli", "generate", "--quiet", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_deterministic_across_processes(tmp_path):
    for run in ("a", "b"):
        done = _run_generate(["--customers", "700", "--seed", "9", "--out", str(tmp_path / run)])
        assert done.returncode == 0, done.stderr
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    meta = json.loads((tmp_path / "a" / "metadata.json").read_text())
    assert meta["parameters"]["seed"] == 9 and meta["versions"]["faker"].startswith("40.54")
    assert meta["rows"]["customers"] == 700


def test_streamed_blocks_equal_in_memory_generation(tmp_path, monkeypatch):
    """Blocks change nothing: small blocks streamed to disk give the in-memory tables."""
    from crmlab.simulate import config, dataset, io

    monkeypatch.setattr(config, "BLOCK_SIZE", 400)
    monkeypatch.setattr(dataset, "ACCOUNT_BLOCK", 7)
    cfg = config.make_config(customers=1000, seed=4, accounts=20)
    assert cfg.n_blocks == 3
    io.stream_to(cfg, tmp_path, "parquet", progress=False)
    whole = crmlab.generate(customers=1000, seed=4, accounts=20)
    for name in whole:
        streamed = io.read_table(tmp_path / f"{name}.parquet", name)
        pd.testing.assert_frame_equal(streamed, whole[name], obj=name)
    # running ids continue across blocks
    assert whole.orders["order_id"].is_unique and whole.archive["record_id"].is_unique
    assert whole.customers["customer_id"].tolist() == list(range(1, 1001))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_save_and_read_round_trip(tmp_path, fmt):
    from crmlab.simulate.io import read_table

    d = company(1)
    d.save(tmp_path, format=fmt)
    for name, frame in d.items():
        pd.testing.assert_frame_equal(read_table(tmp_path / f"{name}.{fmt}", name), frame, obj=name)
    meta = json.loads((tmp_path / "metadata.json").read_text())
    assert meta["format"] == fmt and meta["rows"]["orders"] == len(d.orders)


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_cli_reproduces_the_bundled_data_byte_for_byte(tmp_path, locale):
    bundled = ROOT / "datasets" / locale
    done = _run_generate(["--locale", locale, "--out", str(tmp_path)])
    assert done.returncode == 0, done.stderr
    fresh, kept = _digest(tmp_path), _digest(bundled)
    fresh.pop("metadata.json"), kept.pop("metadata.json")
    assert fresh == kept  # every table, byte for byte
    # the metadata too, but for the versions of the libraries that made the files
    new = json.loads((tmp_path / "metadata.json").read_text())
    old = json.loads((bundled / "metadata.json").read_text())
    assert {k: v for k, v in new.items() if k != "versions"} == {k: v for k, v in old.items() if k != "versions"}
    assert new["versions"]["faker"] == old["versions"]["faker"]


@pytest.mark.parametrize("locale", ["en_US", "zh_CN"])
def test_load_returns_the_default_generation(locale):
    fresh = crmlab.generate(locale=locale)
    for name in ("customers", "orders", "complaints", "archive", "invoices", "truth_customers"):
        pd.testing.assert_frame_equal(crmlab.load(name, locale=locale), fresh[name], obj=name)
    whole = crmlab.load_all(locale)
    assert list(whole) == list(fresh)


def test_load_gives_a_fresh_copy():
    a = crmlab.load("orders")
    a.loc[0, "amount"] = -1
    assert crmlab.load("orders").loc[0, "amount"] > 0


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"customers": -5}, ParameterError, "`customers`"),
        ({"customers": 0}, ParameterError, "`customers`"),
        ({"customers": 10**9}, ParameterError, "`customers`.*10,000,000"),
        ({"customers": 5.5}, ParameterTypeError, "`customers`.*float"),
        ({"customers": "100"}, ParameterTypeError, "`customers`.*str"),
        ({"customers": True}, ParameterTypeError, "`customers`"),
        ({"seed": -1}, ParameterError, "`seed`"),
        ({"seed": 1.0}, ParameterTypeError, "`seed`"),
        ({"locale": "fr_FR"}, ParameterError, "`locale`.*'en_US', 'zh_CN'.*'fr_FR'"),
        ({"locale": None}, ParameterError, "`locale`"),
        ({"start": "2024-01-01", "end": "2023-01-01"}, ParameterError, "`end`.*365 days after"),
        ({"start": "2024-13-01"}, ParameterError, "`start`.*'2024-13-01'"),
        ({"end": 20251231}, ParameterTypeError, "`end`"),
        ({"start": "1990-01-01"}, ParameterError, "`end`.*20 years"),
        ({"accounts": 0}, ParameterError, "`accounts`"),
    ],
)
def test_bad_parameters_are_named(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        crmlab.generate(**kwargs)


def test_bad_load_and_save_arguments(tmp_path):
    with pytest.raises(ParameterError, match="`name`.*'ordres'"):
        crmlab.load("ordres")
    with pytest.raises(ParameterTypeError, match="`name`"):
        crmlab.load(3)
    with pytest.raises(ParameterError, match="`locale`"):
        crmlab.load("orders", locale="de_DE")
    with pytest.raises(ParameterError, match="`format`.*'xlsx'"):
        company(0).save(tmp_path, format="xlsx")
    with pytest.raises(ParameterTypeError, match="`folder`"):
        company(0).save(42)


def test_cli_reports_bad_parameters_without_a_traceback(tmp_path):
    done = _run_generate(["--customers", "-3", "--out", str(tmp_path)])
    assert done.returncode == 2
    assert "`customers`" in done.stderr and "Traceback" not in done.stderr


def test_info_reports_versions_and_data():
    done = subprocess.run([sys.executable, "-m", "crmlab.cli", "info", "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["crmlab"] == crmlab.__version__
    assert info["packages"]["pandas"] == pd.__version__
    assert set(info["bundled_locales"]) == {"en_US", "zh_CN"}
    assert info["widget_extension"].startswith("installed")


def test_import_is_light():
    code = "import sys, crmlab; print(sorted(m for m in ('pandas', 'faker', 'matplotlib', 'sklearn') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]"


def test_nothing_depends_on_today(monkeypatch):
    """Freeze a different 'today': the data must not change."""
    import datetime as dt

    class Later(dt.date):
        @classmethod
        def today(cls):
            return cls(2031, 5, 17)

    before = crmlab.generate(customers=300, seed=2, locale="zh_CN")
    monkeypatch.setattr(dt, "date", Later)
    after = crmlab.generate(customers=300, seed=2, locale="zh_CN")
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])
    assert np.all(before.customers["birth_date"] < pd.Timestamp("2008-01-01"))


def test_table_names_list_every_table():
    from crmlab.data import TABLE_NAMES

    assert list(TABLE_NAMES) == list(all_tables())


#: The data card in each of its languages (crmlab.paths.data_card).
CARDS = {"en": "README.md", "zh_CN": "README.zh-CN.md"}


@pytest.mark.parametrize("language", list(CARDS))
def test_data_card_lists_every_column(language):
    from crmlab.paths import data_card
    from crmlab.simulate.datacard import BEGIN, END, LANGUAGES, render

    assert tuple(CARDS) == LANGUAGES and data_card(language) == ROOT / "datasets" / CARDS[language]
    text = (ROOT / "datasets" / CARDS[language]).read_text(encoding="utf-8")
    section = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert section == render(language).strip(), "run `python -m crmlab.simulate.datacard` to update the cards"
    for name, spec in all_tables().items():
        assert f"### `{name}`" in section
        for col, _, meaning in spec["columns"]:
            assert meaning, (name, col)
            assert f"| `{col}` |" in section, (name, col)


def test_the_chinese_data_card_tables_are_chinese():
    """Rendered from the catalogue: headers and descriptions in Chinese, names and codes as they are."""
    from crmlab.simulate.datacard import render

    chinese = render("zh_CN")
    assert "| 列名 | 类型 | 含义 |" in chinese and "| column | type | meaning |" not in chinese
    assert "| `customer_id` | int | 客户编号，1 … N。 |" in chinese
    assert "| `gender` | category: `F`, `M` |" in chinese
    english = render("en")
    assert english.count("\n") == chinese.count("\n")
    for line in chinese.splitlines():
        if line.startswith("| `"):  # a column: its meaning, the last cell, is Chinese
            assert re.search(r"[\u4e00-\u9fff]", line.removesuffix(" |").rsplit(" | ", 1)[1]), line
        elif line and not line.startswith(("|", "###")):  # a table's about text
            assert re.search(r"[\u4e00-\u9fff]", line), line
    with pytest.raises(ParameterError, match="`language`"):
        render("fr")


@pytest.mark.parametrize("language", list(CARDS))
def test_data_card_quotes_the_bundled_sizes(language):
    meta = json.loads((ROOT / "datasets" / "en_US" / "metadata.json").read_text())
    text = (ROOT / "datasets" / CARDS[language]).read_text(encoding="utf-8")
    for name in ("customers", "orders", "order_lines", "surveys", "complaints", "campaigns", "archive", "accounts", "invoices"):
        assert f"| {meta['rows'][name]:,} |" in text, name


def test_the_simulations_defaults_are_written_once():
    import inspect

    from crmlab.cli import build_parser
    from crmlab.simulate.config import CUSTOMERS_PER_ACCOUNT, DEFAULTS, MIN_ACCOUNTS, SimConfig, make_config

    assert (DEFAULTS.customers, DEFAULTS.seed, DEFAULTS.locale) == (5000, 0, "en_US")
    assert (DEFAULTS.start.isoformat(), DEFAULTS.end.isoformat(), DEFAULTS.accounts) == ("2023-01-01", "2025-12-31", None)
    assert make_config() == DEFAULTS == SimConfig()
    assert DEFAULTS.n_accounts == max(MIN_ACCOUNTS, 5000 // CUSTOMERS_PER_ACCOUNT) == 200
    assert make_config(customers=100).n_accounts == MIN_ACCOUNTS == 20  # 100 // 25 = 4: at least 20
    generate = inspect.signature(crmlab.generate).parameters
    assert [generate[k].default for k in ("customers", "seed", "locale", "start", "end", "accounts")] == [
        5000, 0, "en_US", "2023-01-01", "2025-12-31", None]
    cli = build_parser().parse_args(["generate", "--out", "x"])
    assert (cli.customers, cli.seed, cli.locale, cli.start, cli.end, cli.accounts) == (
        5000, 0, "en_US", "2023-01-01", "2025-12-31", None)
    # the docstrings say what the code does
    assert "default 5000" in crmlab.generate.__doc__ and '"2023-01-01" and "2025-12-31"' in crmlab.generate.__doc__
    assert "max(20, customers // 25)" in crmlab.generate.__doc__
    import re

    for doc in (crmlab.generate.__doc__, crmlab.load.__doc__):
        assert not re.search(r"\{(customers|seed|locale|start|end|per_account|min_accounts)\b", doc)
    assert "(5,000 customers, seed 0, 2023-01-01 … 2025-12-31)" in crmlab.load.__doc__
