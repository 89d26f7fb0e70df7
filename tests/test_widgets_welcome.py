"""The welcome lesson's table explorer."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import crmlab
from crmlab.errors import ParameterError
from crmlab.simulate.schema import all_tables
from crmlab.widgets.welcome import table_explorer, table_update


def test_a_tiny_table_is_described_and_counted_by_month():
    orders = pd.DataFrame(
        {"order_date": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-03-01"]), "amount": [1.0, 2.0, 3.0]}
    )
    out = table_update({"mine": orders}, "mine")
    assert out["rows"] == 3 and out["columns"] == 2 and out["date_column"] == "order_date"
    assert out["per_month"].to_dict() == {pd.Period("2024-01", "M"): 2, pd.Period("2024-03", "M"): 1}


def test_bundled_tables_carry_the_data_card():
    data = crmlab.load_all()
    out = table_update(data, "complaints")
    spec = all_tables()["complaints"]["columns"]
    assert list(out["card"].index) == [c for c, _, _ in spec]
    assert out["per_month"].sum() == len(data.complaints)
    assert "complaints" in out["summary"]
    with pytest.raises(ParameterError, match="`name`"):
        table_update(data, "nope")


def test_the_dropdown_drives_the_view():
    data = crmlab.load_all()
    view = table_explorer(data)
    offered = [code for _text, code in view.controls["name"].options]
    assert "truth_customers" not in offered and "orders" in offered
    assert ("customers", "customers") in view.controls["name"].options  # (display name, code)
    assert view.result["rows"] == len(data.customers)
    view.controls["name"].value = "orders"
    assert view.result["rows"] == len(data.orders) and view.result["date_column"] == "order_date"
    assert "<table" in view.table.value
    view.controls["name"].value = "accounts"
    assert view.result["columns"] == data.accounts.shape[1]
    assert ("hidden truth: customers", "truth_customers") in table_explorer(data, show_truth=True).controls["name"].options


def test_rows_per_month_count_when_rows_arose_not_birthdays():
    from crmlab.widgets.welcome import table_update

    people = pd.DataFrame(
        {
            "birth_date": pd.to_datetime(["1980-05-01", "1990-06-01"]),
            "signup_date": pd.to_datetime(["2024-01-03", "2024-01-20"]),
        }
    )
    out = table_update({"customers": people}, "customers")
    assert out["date_column"] == "signup_date"
    assert out["per_month"].tolist() == [2]
    only_birth = table_update({"people": people[["birth_date"]]}, "people")
    assert only_birth["date_column"] == "birth_date" and only_birth["per_month"].tolist() == [1, 1]
