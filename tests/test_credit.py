"""Credit management: hand-worked examples and bad input for every public function."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from crmlab import credit
from crmlab.errors import ColumnError, ParameterError, ParameterTypeError

NAN = float("nan")


# --------------------------------------------------------------------------------- invoices
def _invoices() -> pd.DataFrame:
    """Worked example, as_of 2025-04-20.

    Account 1: a 100 paid early (overdue 0); b 200 paid 10 days late; c 300 half paid, due
    03-31 → still overdue 20 days; d 400 not yet due (due 05-01).
    Account 3: 50 due 02-09, paid only on 05-01 (after as_of) → unpaid, 70 days overdue.
    Dropped rows: account 2's invoice dated after as_of, a zero amount, a missing account.
    """
    return pd.DataFrame(
        {
            "account_id": [1, 1, 1, 1, 3, 2, 3, None],
            "invoice_date": ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-01-10",
                             "2025-04-25", "2025-01-11", "2025-01-01"],
            "due_date": ["2025-01-31", "2025-03-03", "2025-03-31", "2025-05-01", "2025-02-09",
                         "2025-05-25", "2025-02-10", "2025-01-31"],
            "amount": [100.0, 200.0, 300.0, 400.0, 50.0, 80.0, 0.0, 10.0],
            "paid_date": ["2025-01-25", "2025-03-13", "2025-04-05", None, "2025-05-01", None, None, None],
            "paid_amount": [100.0, 200.0, 150.0, 0.0, 50.0, 0.0, 0.0, 0.0],
        }
    )


def test_collection_worked_example():
    inv = _invoices()
    before = inv.copy(deep=True)
    c = credit.collection(inv, as_of="2025-04-20")
    pd.testing.assert_frame_equal(inv, before)
    assert c.index.name == "account_id"
    assert c.index.tolist() == [1, 3]
    one = c.loc[1]
    assert one["invoices"] == 4 and one["invoiced"] == 1000.0
    assert one["due_invoices"] == 3 and one["amount_due"] == 600.0
    assert one["amount_paid"] == 450.0
    assert one["collection_rate"] == pytest.approx(0.75)
    # overdue days 0, 10, 20
    assert one["avg_overdue_days"] == pytest.approx(10.0)
    assert one["max_overdue_days"] == 20.0
    assert one["overdue_invoices"] == 2
    assert one["open_receivables"] == 550.0 and one["past_due"] == 150.0
    # 1000 invoiced in the last year; first invoice 109 days before as_of
    assert one["monthly_volume"] == pytest.approx(round(1000 / (109 / 30.4375), 2))
    three = c.loc[3]
    assert three["collection_rate"] == 0.0
    assert three["avg_overdue_days"] == 70.0
    assert three["open_receivables"] == 50.0 and three["past_due"] == 50.0


def test_collection_default_as_of_is_day_after_last_date():
    inv = _invoices().iloc[:5]
    c = credit.collection(inv)  # last date is the payment on 2025-05-01 → as_of 2025-05-02
    # now invoice d (due 05-01) is due and unpaid: 1 day overdue
    assert c.loc[1, "due_invoices"] == 4
    assert c.loc[1, "max_overdue_days"] == 32.0  # c: 05-02 − 03-31
    assert c.loc[3, "collection_rate"] == 1.0
    assert c.loc[3, "avg_overdue_days"] == 81.0  # paid 05-01, due 02-09


def test_collection_overpayment_missing_amount_and_time_of_day():
    inv = pd.DataFrame(
        {
            "account_id": ["x", "x", "y"],
            "invoice_date": ["2025-01-01 09:00", "2025-01-02", "2025-01-01"],
            "due_date": ["2025-01-31 23:00", "2025-02-01", "2025-01-31"],
            "amount": [100.0, 100.0, 40.0],
            "paid_date": ["2025-02-01 01:00", "2025-01-20", "2025-01-31"],
            "paid_amount": [120.0, NAN, 10.0],
        }
    )
    c = credit.collection(inv, as_of="2025-03-01")
    # overpayment counts as 100; missing amount next to a date = paid in full
    assert c.loc["x", "collection_rate"] == 1.0
    assert c.loc["x", "open_receivables"] == 0.0
    # due 01-31 23:00, paid 02-01 01:00: one calendar day late; second one early → 0
    assert c.loc["x", "avg_overdue_days"] == 0.5
    # partial payment on the due date: stays open and overdue until as_of (29 days)
    assert c.loc["y", "collection_rate"] == 0.25
    assert c.loc["y", "max_overdue_days"] == 29.0
    no_amounts = credit.collection(inv.drop(columns="paid_amount"), as_of="2025-03-01", paid_amount=None)
    assert no_amounts.loc["y", "collection_rate"] == 1.0


def test_collection_custom_column_names():
    inv = _invoices().rename(columns={"account_id": "cust", "amount": "value"})
    c = credit.collection(inv, as_of="2025-04-20", account="cust", amount="value")
    assert c.index.name == "cust"
    assert c.loc[1, "collection_rate"] == pytest.approx(0.75)


def test_ageing_worked_example():
    a = credit.ageing(_invoices(), as_of="2025-04-20")
    assert list(a.columns) == [*credit.AGEING_BUCKETS, "total"]
    assert a.loc[1].tolist() == [400.0, 150.0, 0.0, 0.0, 0.0, 550.0]
    assert a.loc[3].tolist() == [0.0, 0.0, 0.0, 50.0, 0.0, 50.0]
    # boundaries: 30 days past due is 1–30, 31 is 31–60, 90 is 61–90, 91 is over 90
    inv = pd.DataFrame(
        {
            "account_id": [1, 1, 1, 1, 1],
            "invoice_date": ["2024-01-01"] * 5,
            "due_date": ["2025-01-31", "2025-01-30", "2024-11-02", "2024-11-01", "2025-03-01"],
            "amount": [1.0, 2.0, 4.0, 8.0, 16.0],
            "paid_date": [None] * 5,
            "paid_amount": [0.0] * 5,
        }
    )
    b = credit.ageing(inv, as_of="2025-03-02")  # 30, 31, 120, 121 and 1 days past due
    assert b.loc[1].tolist() == [0.0, 17.0, 2.0, 0.0, 12.0, 31.0]
    c = credit.ageing(inv, as_of="2025-01-31")  # 0 (current), −1 … and 90, 91 days
    assert c.loc[1].tolist() == [1.0 + 16.0, 2.0, 0.0, 4.0, 8.0, 31.0]


def test_invoice_errors():
    inv = _invoices()
    with pytest.raises(ParameterTypeError, match="invoices"):
        credit.collection(inv.to_dict())
    with pytest.raises(ParameterError, match="invoices"):
        credit.collection(inv.iloc[:0])
    with pytest.raises(ColumnError, match="paid_date"):
        credit.collection(inv.drop(columns="paid_date"))
    with pytest.raises(ColumnError, match="amount"):
        credit.collection(inv.assign(amount=["a"] * len(inv)))
    with pytest.raises(ColumnError, match="due_date"):
        credit.ageing(inv.assign(due_date=["not a date"] * len(inv)))
    with pytest.raises(ColumnError, match="paid_amount"):
        credit.collection(inv.assign(paid_amount=-1.0))
    with pytest.raises(ColumnError, match="amount"):
        credit.collection(inv.assign(amount=np.inf))
    with pytest.raises(ParameterError, match="as_of"):
        credit.collection(inv, as_of="2020-01-01")
    with pytest.raises(ParameterError, match="as_of"):
        credit.collection(inv, as_of="yesterday")
    with pytest.raises(ParameterError, match="`amount` and `paid_amount`"):
        credit.collection(inv, paid_amount="amount")
    with pytest.raises(ParameterTypeError, match="account"):
        credit.collection(inv, account=3)


# --------------------------------------------------------------------------------------- 5C
def _accounts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "account_id": [1, 2],
            "management_rating": [5, 1],
            "years_trading": [20.0, 0.0],
            "annual_revenue": [2e6, 0.5e6],
            "employees": [10, 10],
            "industry": ["food", "food"],
            "equity": [70.0, -10.0],
            "total_debt": [30.0, 110.0],
            "collateral_value": [0.0, 1e6],
            "industry_outlook": [1, 5],
        }
    )


def test_five_c_worked_example():
    acc = _accounts()
    before = acc.copy(deep=True)
    s = credit.five_c(acc)
    pd.testing.assert_frame_equal(acc, before)
    assert list(s.columns) == [*credit.COMPONENTS, "total"]
    # character: 0.6·20·5 + 0.4·100·1 = 100; 0.6·20·1 + 0 = 12
    assert s["character"].tolist() == pytest.approx([100.0, 12.0])
    # revenue per employee 200k and 50k, industry median 125k → ratios 1.6 and 0.4
    assert s["capacity"].tolist() == pytest.approx([60 + 40 * math.log2(1.6), 60 + 40 * math.log2(0.4)])
    # equity ratio 0.7 → 100; negative equity → 0
    assert s["capital"].tolist() == [100.0, 0.0]
    # no collateral → 0; 1e6 ≥ 15 % of 0.5e6 → 100
    assert s["collateral"].tolist() == [0.0, 100.0]
    assert s["conditions"].tolist() == [20.0, 100.0]
    cap1, cap2 = 60 + 40 * math.log2(1.6), 60 + 40 * math.log2(0.4)
    assert s.loc[1, "total"] == pytest.approx(0.25 * 100 + 0.2 * cap1 + 0.25 * 100 + 0 + 0.2 * 20)
    assert s.loc[2, "total"] == pytest.approx(0.25 * 12 + 0.2 * cap2 + 0 + 0.1 * 100 + 0.2 * 100)


def test_five_c_with_payment_record():
    acc = _accounts()
    col = pd.DataFrame(
        {"monthly_volume": [1000.0, 0.0], "collection_rate": [0.9, NAN], "avg_overdue_days": [15.0, NAN]},
        index=pd.Index([1, 2], name="account_id"),
    )
    s = credit.five_c(acc, col)
    five_only = credit.five_c(acc)
    # rate 0.9 → 80 points; 15 days → 50 points
    assert s.loc[1, "payment"] == pytest.approx(65.0)
    assert math.isnan(s.loc[2, "payment"])
    # collateral against 6 months of invoices: 0 → 0; volume 0 with collateral → 100
    assert s["collateral"].tolist() == [0.0, 100.0]
    assert s.loc[1, "total"] == pytest.approx(0.5 * five_only.loc[1, "total"] + 0.5 * 65.0)
    # no payment record yet: judged on the 5C alone
    assert s.loc[2, "total"] == pytest.approx(five_only.loc[2, "total"])
    # the collection table may also carry the account id as a column
    s2 = credit.five_c(acc, col.reset_index())
    pd.testing.assert_frame_equal(s, s2)


def test_five_c_custom_weights_and_missing_values():
    acc = _accounts()
    s = credit.five_c(acc, weights={"capital": 0.5, "conditions": 0.5})
    assert s["total"].tolist() == pytest.approx([60.0, 50.0])
    acc2 = acc.assign(equity=[NAN, -10.0])
    s2 = credit.five_c(acc2, weights={"capital": 0.5, "conditions": 0.5})
    assert math.isnan(s2.loc[1, "capital"])
    assert s2.loc[1, "total"] == 20.0  # capital missing: the weight moves to conditions
    s3 = credit.five_c(acc2.assign(industry_outlook=[NAN, 5]), weights={"capital": 0.5, "conditions": 0.5})
    assert math.isnan(s3.loc[1, "total"])


def test_five_c_renamed_columns():
    acc = _accounts().rename(columns={"equity": "net_assets", "account_id": "id"})
    s = credit.five_c(acc, account="id", columns={"equity": "net_assets"})
    assert s.index.name == "id" and s["capital"].tolist() == [100.0, 0.0]


def test_five_c_errors():
    acc = _accounts()
    with pytest.raises(ParameterError, match="weights"):
        credit.five_c(acc, weights={"capital": 0.5, "conditions": 0.4})
    with pytest.raises(ParameterError, match="weights"):
        credit.five_c(acc, weights={"capital": 1.5, "conditions": -0.5})
    with pytest.raises(ParameterError, match="weights"):
        credit.five_c(acc, weights={"honesty": 1.0})
    with pytest.raises(ParameterError, match="payment"):
        credit.five_c(acc, weights={"payment": 1.0})
    with pytest.raises(ParameterTypeError, match="weights"):
        credit.five_c(acc, weights=[0.2] * 5)
    with pytest.raises(ParameterTypeError, match="weights"):
        credit.five_c(acc, weights={"capital": "1"})
    with pytest.raises(ColumnError, match="equity"):
        credit.five_c(acc.drop(columns="equity"))
    with pytest.raises(ColumnError, match="account_id"):
        credit.five_c(acc.assign(account_id=[1, 1]))
    with pytest.raises(ColumnError, match="employees"):
        credit.five_c(acc.assign(employees=["many", "few"]))
    with pytest.raises(ParameterError, match="columns"):
        credit.five_c(acc, columns={"honesty": "x"})
    with pytest.raises(ColumnError, match="collection_rate"):
        credit.five_c(acc, pd.DataFrame({"monthly_volume": [1.0]}, index=[1]))
    other = pd.DataFrame({"monthly_volume": [1.0], "collection_rate": [1.0], "avg_overdue_days": [0.0]},
                         index=[99])
    with pytest.raises(ParameterError, match="shares no account"):
        credit.five_c(acc, other)
    with pytest.raises(ParameterTypeError, match="accounts"):
        credit.five_c("accounts")


# ----------------------------------------------------------------------------------- grades
def test_credit_grades_boundaries_and_policy():
    scores = pd.DataFrame({"total": [75.0, 74.999, 60.0, 45.0, 44.9, NAN]}, index=list("uvwxyz"))
    g = credit.credit_grades(scores)
    assert g["grade"].astype("object").tolist()[:5] == ["A", "B", "B", "C", "D"]
    assert pd.isna(g.loc["z", "grade"]) and pd.isna(g.loc["z", "policy"])
    assert g["policy"].tolist()[:5] == ["credit_line", "cash_on_delivery", "cash_on_delivery",
                                        "pay_before_goods", "phase_out"]
    assert g.index.tolist() == list("uvwxyz")
    assert list(g["grade"].cat.categories) == ["A", "B", "C", "D"] and g["grade"].cat.ordered
    other = credit.credit_grades(scores, thresholds=(90, 50, 10))
    assert other["grade"].astype("object").tolist()[:5] == ["B", "B", "B", "C", "C"]
    series = credit.credit_grades(pd.Series([100, 0]))
    assert series["grade"].astype("object").tolist() == ["A", "D"]
    one_col = credit.credit_grades(pd.DataFrame({"payment": [61.0]}), column="payment")
    assert one_col["grade"].astype("object").tolist() == ["B"]


def test_credit_grades_errors():
    scores = pd.DataFrame({"total": [50.0]})
    with pytest.raises(ParameterError, match="thresholds"):
        credit.credit_grades(scores, thresholds=(60, 75, 45))
    with pytest.raises(ParameterError, match="thresholds"):
        credit.credit_grades(scores, thresholds=(75, 60))
    with pytest.raises(ParameterTypeError, match="thresholds"):
        credit.credit_grades(scores, thresholds="75,60,45")
    with pytest.raises(ParameterTypeError, match="thresholds"):
        credit.credit_grades(scores, thresholds=(75, "60", 45))
    with pytest.raises(ColumnError, match="score"):
        credit.credit_grades(scores, column="score")
    with pytest.raises(ColumnError, match="total"):
        credit.credit_grades(pd.DataFrame({"total": ["high"]}))
    with pytest.raises(ParameterTypeError, match="scores"):
        credit.credit_grades([50.0])


def test_grade_policy_table_and_translation(fake_translation):
    table = credit.grade_policy()
    assert table.index.tolist() == ["A", "B", "C", "D"]
    assert table["policy"].tolist() == ["credit_line", "cash_on_delivery", "pay_before_goods", "phase_out"]
    assert "现款现货" in table.loc["B", "terms"] and "现款后货" in table.loc["C", "terms"]
    assert "逐步淘汰" in table.loc["D", "terms"]
    fake_translation(
        {
            "Cash on delivery (现款现货)": "现款现货",
            "Risky: the customer pays first, goods are shipped after payment.": "风险较高：先付款，后发货。",
        }
    )
    table = credit.grade_policy()
    assert table.loc["B", "terms"] == "现款现货"
    assert table.loc["C", "description"] == "风险较高：先付款，后发货。"
    assert table.loc["A", "terms"] == "Credit line and a grace period"  # no translation given: English
    assert table["policy"].tolist() == ["credit_line", "cash_on_delivery", "pay_before_goods", "phase_out"]
    assert table.index.tolist() == ["A", "B", "C", "D"]  # codes stay codes


def test_credit_tables_and_errors_follow_the_translation(fake_translation):
    fake_translation(
        {
            "Orders surge or drop suddenly": "订单突然激增或骤减",
            "Pay before goods; limit the effort spent.": "先款后货；少投入精力。",
            "`thresholds` must decrease strictly (A above B above C), but {got} was passed.": "`thresholds` 必须严格递减，但传入了 {got}。",
        }
    )
    triggers = credit.review_triggers().set_index("trigger")
    assert triggers.loc["order_change", "description"] == "订单突然激增或骤减"
    assert credit.matrix_strategies().loc["pay_first", "description"] == "先款后货；少投入精力。"
    with pytest.raises(ParameterError, match=r"`thresholds` 必须严格递减，但传入了 \(60.0, 75.0, 45.0\)。"):
        credit.credit_grades(pd.Series([50.0]), thresholds=(60, 75, 45))


def test_credit_line_worked_example():
    grades = pd.Series(["A", "A", "B", None], index=[1, 2, 3, 4])
    col = pd.DataFrame({"monthly_volume": [10_000.0, 10_000.0, 5_000.0, 1.0]}, index=[1, 2, 3, 4])
    acc = pd.DataFrame({"account_id": [1, 2, 3, 4], "payment_terms_days": [60, NAN, 30, 30]})
    line = credit.credit_line(grades, col, acc)
    # 10,000 × (60 + 30) / 30.4375 = 29,568.99 → rounded up to 30,000
    assert line.loc[1, "credit_line"] == 30_000.0
    # missing terms → 30 days: 10,000 × 60 / 30.4375 = 19,712.7 → 20,000
    assert line.loc[2, "credit_line"] == 20_000.0
    assert line.loc[3, "credit_line"] == 0.0
    assert math.isnan(line.loc[4, "credit_line"])
    exact = credit.credit_line(grades, col, acc, round_to=0, grace_days=0)
    assert exact.loc[1, "credit_line"] == pytest.approx(10_000 * 60 / 30.4375)
    with pytest.raises(ParameterTypeError, match="grace_days"):
        credit.credit_line(grades, col, grace_days=1.5)
    with pytest.raises(ParameterError, match="round_to"):
        credit.credit_line(grades, col, round_to=-1)
    with pytest.raises(ColumnError, match="monthly_volume"):
        credit.credit_line(grades, col.rename(columns={"monthly_volume": "v"}))


def test_receivables_at_risk_worked_example():
    grades = pd.Series(["A", "C"], index=[1, 4])  # account 3 has invoices but no grade
    r = credit.receivables_at_risk(_invoices(), grades, as_of="2025-04-20")
    assert r.index.tolist() == ["A", "B", "C", "D", "ungraded"]
    assert r["accounts"].tolist() == [1, 0, 1, 0, 1]
    assert r["open_receivables"].tolist() == [550.0, 0.0, 0.0, 0.0, 50.0]
    assert r["past_due"].tolist() == [150.0, 0.0, 0.0, 0.0, 50.0]
    assert r["over_90"].tolist() == [0.0] * 5
    assert r["share_of_open"].tolist() == pytest.approx([0.55 / 0.6, 0, 0, 0, 0.05 / 0.6])
    graded = credit.receivables_at_risk(_invoices(), pd.Series(["B", "B"], index=[1, 3]), "2025-04-20")
    assert graded.index.tolist() == ["A", "B", "C", "D"]
    with pytest.raises(ColumnError, match="grades"):
        credit.receivables_at_risk(_invoices(), pd.Series(["E"], index=[1]))
    with pytest.raises(ParameterTypeError, match="grades"):
        credit.receivables_at_risk(_invoices(), ["A"])
    with pytest.raises(ColumnError, match="grade"):
        credit.receivables_at_risk(_invoices(), pd.DataFrame({"g": ["A"]}))


def test_collection_by_grade_worked_example():
    col = pd.DataFrame(
        {
            "amount_due": [100.0, 300.0, 50.0, 10.0],
            "amount_paid": [100.0, 150.0, 0.0, 10.0],
            "avg_overdue_days": [0.0, 30.0, 70.0, 0.0],
            "open_receivables": [0.0, 150.0, 50.0, 5.0],
            "past_due": [0.0, 150.0, 50.0, 0.0],
        },
        index=[1, 2, 3, 4],
    )
    by = credit.collection_by_grade(col, pd.Series(["A", "A", "D", None], index=[1, 2, 3, 4]))
    assert by.index.tolist() == ["A", "B", "C", "D"]
    assert by["accounts"].tolist() == [2, 0, 0, 1]
    assert by.loc["A", "collection_rate"] == 250 / 400
    assert by.loc["A", "avg_overdue_days"] == 15.0
    assert math.isnan(by.loc["B", "collection_rate"])
    assert by.loc["D", "collection_rate"] == 0.0
    assert by["open_receivables"].tolist() == [150.0, 0.0, 0.0, 50.0]


# ---------------------------------------------------------------------------------- signals
def _signal_invoices() -> pd.DataFrame:
    """as_of 2025-01-01, windows: payments due [09-03, 12-02) vs [2023-09-04, 2024-09-03);
    purchasing [2024-10-03, 2025-01-01) vs the 365 days before."""
    rows = [
        # account 1: paid on time, then 20 days late and unpaid; stops buying after 10-02
        (1, "2024-05-02", "2024-06-01", 100.0, "2024-06-01", 100.0),
        (1, "2024-06-01", "2024-07-01", 100.0, "2024-06-25", 100.0),
        (1, "2024-09-01", "2024-10-01", 100.0, "2024-10-21", 100.0),
        (1, "2024-10-02", "2024-11-01", 100.0, None, 0.0),
        # account 2: first invoice in the recent window
        (2, "2024-12-01", "2024-12-31", 100.0, None, 0.0),
        # account 3: 100 before, 300 in the recent window
        (3, "2024-03-01", "2024-03-31", 100.0, "2024-03-31", 100.0),
        (3, "2024-11-01", "2024-12-01", 300.0, "2024-12-01", 300.0),
    ]
    return pd.DataFrame(rows, columns=["account_id", "invoice_date", "due_date", "amount",
                                       "paid_date", "paid_amount"])


def test_credit_signals_worked_example():
    inv = _signal_invoices()
    before = inv.copy(deep=True)
    s = credit.credit_signals(inv, "2025-01-01")
    pd.testing.assert_frame_equal(inv, before)
    assert s.loc[1, "recent_late_days"] == 25.0  # 20 and capped 30
    assert s.loc[1, "earlier_late_days"] == 0.0
    assert bool(s.loc[1, "payments_slowing"])
    # 400 over the 154 days from 2024-05-02 to 2024-10-03, per 30 days; nothing recently
    assert s.loc[1, "earlier_volume"] == pytest.approx(round(400 / 154 * 30, 2))
    assert s.loc[1, "recent_volume"] == 0.0
    assert s.loc[1, "purchasing"] == "drop" and bool(s.loc[1, "review"])
    assert s.loc[2, "purchasing"] == "new" and not bool(s.loc[2, "review"])
    assert s.loc[2, "recent_volume"] == pytest.approx(round(100 / 90 * 30, 2))
    assert math.isnan(s.loc[2, "volume_ratio"])
    # account 3: 100 over 216 days before, 300 in 90 days: ratio 7.2 → surge
    assert s.loc[3, "volume_ratio"] == pytest.approx((300 / 90) / (100 / 216))
    assert s.loc[3, "purchasing"] == "surge"
    assert not bool(s.loc[3, "payments_slowing"])  # one invoice per window < min_invoices
    lenient = credit.credit_signals(inv, "2025-01-01", min_invoices=1, slowing_days=0)
    assert bool(lenient.loc[3, "payments_slowing"])  # 0 − 0 ≥ 0


def test_credit_signals_errors():
    inv = _signal_invoices()
    with pytest.raises(ParameterError, match="recent_days"):
        credit.credit_signals(inv, recent_days=0)
    with pytest.raises(ParameterError, match="drop"):
        credit.credit_signals(inv, drop=1.5)
    with pytest.raises(ParameterError, match="surge"):
        credit.credit_signals(inv, surge=0.5)
    with pytest.raises(ParameterTypeError, match="cap_days"):
        credit.credit_signals(inv, cap_days="30")


def test_review_triggers_table():
    t = credit.review_triggers()
    assert t["trigger"].tolist() == ["first_deal", "order_change", "credit_request", "stale_data",
                                     "payment_change", "rumour", "other_anomaly"]
    assert t["description"].str.len().min() > 10 and t["how_to_detect"].notna().all()


# --------------------------------------------------------------------------------- matrices
def test_size_bands_ties_and_missing():
    bands = credit.size_bands(pd.Series([5, 1, 3, 3, 9, 7, NAN], index=list("abcdefg")))
    assert bands.tolist()[:6] == ["medium", "small", "small", "small", "large", "large"]
    assert pd.isna(bands["g"])
    assert credit.size_bands(pd.Series([4.0, 4.0, 4.0])).tolist() == ["small"] * 3
    with pytest.raises(ParameterTypeError, match="size"):
        credit.size_bands([1, 2, 3])


def test_loyalty_credit_matrix_worked_example():
    acc = pd.DataFrame({"account_id": [1, 2, 3, 4, 5], "loyalty": ["high", "high", "low", "medium", None]})
    grades = pd.Series(["A", "B", "A", None, "D"], index=[1, 2, 3, 4, 5])
    m = credit.loyalty_credit_matrix(acc, grades)
    assert m.index.tolist() == ["high", "medium", "low"] and m.columns.tolist() == ["A", "B", "C", "D"]
    assert m.to_numpy().tolist() == [[1, 1, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0]]
    share = credit.loyalty_credit_matrix(acc, grades, values="share")
    assert share.to_numpy().sum() == pytest.approx(1.0) and share.loc["high", "A"] == pytest.approx(1 / 3)
    rows = credit.loyalty_credit_matrix(acc, grades, values="row_share")
    assert rows.loc["high"].tolist() == [0.5, 0.5, 0.0, 0.0] and rows.loc["medium"].isna().all()
    strat = credit.loyalty_credit_matrix(acc, grades, values="strategy")
    assert strat.loc["high", "A"] == "strategic_partner" and (strat["D"] == "phase_out").all()
    assert set(strat.to_numpy().ravel()) <= set(credit.matrix_strategies().index)
    with pytest.raises(ParameterError, match="values"):
        credit.loyalty_credit_matrix(acc, grades, values="counts")
    with pytest.raises(ColumnError, match="loyalty"):
        credit.loyalty_credit_matrix(acc.assign(loyalty="very high"), grades)
    with pytest.raises(ParameterError, match="account ids"):
        credit.loyalty_credit_matrix(acc, pd.Series(["A"], index=[99]))


def test_loyalty_size_matrix_and_three_way_table():
    acc = pd.DataFrame(
        {
            "account_id": [1, 2, 3, 4, 5, 6],
            "loyalty": ["high", "high", "low", "low", "medium", "medium"],
            "annual_revenue": [60.0, 10.0, 50.0, 20.0, 40.0, 30.0],
        }
    )
    m = credit.loyalty_size_matrix(acc)
    assert m.columns.tolist() == ["small", "medium", "large"]
    assert m.to_numpy().tolist() == [[1, 0, 1], [0, 2, 0], [1, 0, 1]]
    by_volume = credit.loyalty_size_matrix(acc, pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], index=[1, 2, 3, 4, 5, 6]))
    assert by_volume.to_numpy().tolist() == [[2, 0, 0], [0, 0, 2], [0, 2, 0]]
    assert credit.loyalty_size_matrix(acc, values="strategy").loc["high", "large"] == "key_account"
    grades = pd.Series(["A", "B", "C", "D", "A", "B"], index=[1, 2, 3, 4, 5, 6])
    t = credit.loyalty_size_credit_table(acc, grades)
    assert len(t) == 36 and t["accounts"].sum() == 6 and t["share"].sum() == pytest.approx(1.0)
    hit = t[t["accounts"] > 0].set_index(["loyalty", "size", "grade"])
    assert hit.loc[("high", "large", "A"), "strategy"] == "key_account"
    assert hit.loc[("low", "large", "C"), "strategy"] == "pay_first"
    assert hit.loc[("low", "small", "D"), "strategy"] == "phase_out"
    assert hit.loc[("high", "small", "B"), "policy"] == "cash_on_delivery"
    with pytest.raises(ColumnError, match="revenue"):
        credit.loyalty_size_matrix(acc, "revenue")
    with pytest.raises(ParameterTypeError, match="size"):
        credit.loyalty_size_matrix(acc, 3)
    with pytest.raises(ColumnError, match="account_id"):
        credit.loyalty_size_matrix(pd.concat([acc, acc]))
