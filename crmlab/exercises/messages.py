"""The message catalogue of the exercises: every text a student sees when checking an answer.

Checks never write sentences: they return a :class:`~crmlab.exercises.feedback.Feedback` that
names a key of :data:`MESSAGES` and the values to fill in. The text is looked up here and passed
through :func:`crmlab.i18n._`, so a translation catalogue (``crmlab/locales/<lang>.json``) can
translate every message without touching a check. Messages diagnose; they never show the
expected answer.
"""

from __future__ import annotations

from ..i18n import _

#: Message key → English text (``str.format`` fields in braces).
MESSAGES: dict[str, str] = {
    # -- outcomes and the exercise session --------------------------------------------------
    "correct": "Your answer matches the one computed from your data.",
    "not_attempted": "Not attempted yet: replace ____ with your answer, then run the cell again.",
    "not_attempted_function": "Not attempted yet: your function still returns ____. Write its body, then run the cell again.",
    "outcome:correct": "correct",
    "outcome:incorrect": "incorrect",
    "outcome:not_attempted": "not attempted",
    "heading:correct": "✓ Correct",
    "heading:incorrect": "✗ Not yet",
    "heading:not_attempted": "… Not attempted",
    "welcome": "Exercise {exercise} · {title}. Your data: {customers:,} customers, made for {who}. Questions: {questions}.",
    "welcome_who_student": "student {student}",
    "welcome_who_self": "you (no student id: everyone without one gets this same data)",
    "welcome_grading": "Exercise {exercise} · {title}. Grading run: the data was made afresh for grading.",
    "hint_heading": "Hint {n} of {total}",
    "no_more_hints": "There are only {total} hints for this question; here is the last one.",
    "hint_number": "`n` must be a hint number from 1 to {total}, but {got} was passed.",
    "solution_heading": "One solution",
    "solution_note": "Other correct solutions exist; the check compares results, not code.",
    "progress_heading": "Progress on exercise {exercise}: {correct} of {total} correct",
    "progress_column:question": "question",
    "progress_column:title": "title",
    "progress_column:outcome": "outcome",
    "progress_column:checks": "checks",
    "progress_column:hints": "hints seen",
    "progress_column:solution": "solution seen",
    "yes": "yes",
    "no": "no",
    "no_answer_passed": "Nothing was passed to check: write `ex.{question}.check({answer})`.",
    "error:student_type": "`student` must be your student id as text (e.g. \"s2025001\"), but {got} of type {type} was passed.",
    "error:student_value": "`student` must be 1–64 letters, digits or . _ - + @ (no spaces), but {got} was passed.",
    "error:exercise_type": "`exercise` must be an exercise number such as \"02\", but {got} of type {type} was passed.",
    "error:exercise_value": "The value for `exercise` must be one of {choices}, but {got} was passed.",
    "error:no_question": "Exercise {exercise} has no {name}; its questions are {questions} (the tables are in ex.data).",
    "could_not_check": "Your answer could not be checked ({error}). Check its type and try again.",
    # -- wrong type or shape -----------------------------------------------------------------
    "wrong_type": "Expected {expected}, but your answer is {got}.",
    "forgot_return": "Your function returned None: did you forget to `return` the result?",
    "answer_is_none": "Your answer is None. Did you assign the result of a function that returns nothing (e.g. an in-place method or `print`)?",
    "not_callable": "Expected a function (write `def name(...):` and pass its name, without parentheses), but your answer is {got}.",
    "function_raised": "Your function raised {error_type} when called with {call}: {error}",
    "function_mutated": "Your function changed its input `{argument}`. Work on a copy (e.g. `df = df.copy()`) or build a new frame instead.",
    "nan_answer": "Your answer is NaN (not a number). A division by zero or a missing value may have crept in.",
    "infinite_answer": "Your answer is infinite. A division by zero may have crept in.",
    "missing_columns": "Your table lacks the column(s) {columns}.",
    "unexpected_columns": "Your table has column(s) that were not asked for: {columns}. Keep exactly {expected}.",
    "wrong_length": "Your answer has {got:,} rows, but it should have one row per {unit}.",
    "wrong_length_items": "Your answer has {got:,} items, but it should have one per {unit}.",
    "duplicate_keys": "{what} should appear once each, but {count:,} of them appear more than once.",
    "missing_keys": "{count:,} {what} that should be in your answer are missing (e.g. {example}).",
    "extra_keys": "Your answer contains {count:,} {what} that should not be there (e.g. {example}).",
    "wrong_index": "Your answer should be indexed by {index}; its index is {got}.",
    "not_sorted": "The rows are not in the asked order ({order}).",
    # -- wrong values ------------------------------------------------------------------------
    "wrong_value": "Not quite: your answer is not the expected value.",
    "wrong_sign": "The size looks right but the sign is wrong.",
    "off_by_factor": "Your answer is about {factor} times too {direction}. Check the units (percent or fraction? thousands?).",
    "percent_vs_fraction": "Your answer looks like a {got_kind} where a {expected_kind} was asked for (a factor of 100).",
    "close_not_within": "Close, but not within the tolerance ({tolerance}). Did you round too early, or use a slightly different definition?",
    "wrong_column_values": "Column `{column}` differs from the expected values in {count:,} of {total:,} rows.",
    "wrong_column_dtype": "Column `{column}` should hold {expected}, but it holds {got}.",
    "wrong_values_count": "{count:,} of {total:,} values differ from the expected ones.",
    "wrong_choice": "Not this one. Look at the picture or the table again.",
    "not_a_choice": "{got} is not one of the choices {choices}.",
    "wrong_set": "Your selection is not right: {missing:,} expected items are missing and {extra:,} are extra.",
    "wrong_boolean": "Expected True or False, but your answer is {got}.",
    # -- describing a student's value (used inside other messages) ----------------------------
    "kind:number": "a number",
    "kind:integer": "a whole number",
    "kind:text": "a text (str)",
    "kind:dataframe": "a DataFrame",
    "kind:series": "a Series",
    "kind:function": "a function",
    "kind:boolean": "True or False",
    "kind:dates": "dates",
    "kind:durations": "time spans (Timedelta; take `.dt.days` for whole days)",
    "kind:choice": "one of the letters {choices}",
    "kind:collection": "a list or set of values",
    "kind:percent": "percentage (0–100)",
    "kind:fraction": "fraction (0–1)",
    "direction:large": "large",
    "direction:small": "small",
    "describe:none": "None",
    "describe:dataframe": "a DataFrame with {rows:,} rows and columns {columns}",
    "describe:series": "a Series of {rows:,} values",
    "describe:text": "the text {text}",
    "describe:boolean": "the boolean {value}",
    "describe:number": "the number {value}",
    "describe:sequence": "a {type} of {n:,} items",
    "describe:function": "a function",
    "describe:other": "an object of type {type}",
    # -- grading -------------------------------------------------------------------------------
    "grading:title": "Feedback · exercise {exercise} · {title}",
    "grading:student": "Student: {student}",
    "grading:file": "Submission: {file} (SHA-256 {sha}…)",
    "grading:graded_at": "Graded: {time}",
    "grading:status": "Status: {status} — {explanation}",
    "grading:score": "Score: {total} of {max_points} points",
    "grading:column:question": "Question",
    "grading:column:points": "Points",
    "grading:column:outcome": "Outcome",
    "grading:column:feedback": "Feedback",
    "grading:status:graded": "your notebook ran to the end.",
    "grading:status:timeout": "your notebook was stopped after {timeout} seconds (an endless loop, or far too slow). Questions checked before that keep their result.",
    "grading:status:memory": "your notebook was stopped: it needed more memory than the {memory_mb} MB allowed. Questions checked before that keep their result.",
    "grading:status:crashed": "the Python process running your notebook stopped unexpectedly. Questions checked before that keep their result.",
    "grading:status:empty": "the file you submitted is empty.",
    "grading:status:not_a_notebook": "the file you submitted is not a Jupyter notebook (.ipynb).",
    "grading:status:corrupt": "the notebook you submitted is damaged and cannot be read. Open it in Jupyter, save it, and submit it again.",
    "grading:status:too_large": "the file you submitted is too large to be graded.",
    "grading:status:no_exercise": "the notebook you submitted is not an exercise notebook of the kit (start from the exercise notebook you were given).",
    "grading:status:wrong_exercise": "you submitted exercise {found}, but exercise {exercise} was graded.",
    "grading:question_not_run": "Not graded: the notebook could not be run.",
    "grading:never_checked": "Never checked: the cell with `ex.{question}.check(...)` did not run (removed, or not reached).",
    "grading:cell_errors": "{count} cell(s) raised an error (cell number and error: {cells}). The cells after them still ran.",
    "grading:fresh_data": "Your notebook was run again on fresh data made for grading: answers computed by your code count, numbers typed in do not.",
    # -- exercise 01 ---------------------------------------------------------------------------
    "ex01_counted_orders": "That is the number of orders (rows of `orders`), not of customers: count each customer once.",
    "ex01_counted_all_customers": "That is the number of customers in the `customers` table, including those who never ordered. Count the distinct customer ids in `orders`.",
    "ex01_dropped_returns": "You left out the customers whose orders were all returned. A returned order was still placed: count it too.",
    "ex01_age_birthday": "Your ages ignore whether this year's birthday has come yet on `as_of`: subtract 1 where the birthday (month, day) falls after the (month, day) of `as_of`.",
    "ex01_age_from_days": "Dividing a number of days by 365 (or 365.25) goes wrong near birthdays because of leap years. Compare years, then months and days, instead.",
    "ex01_filled_not_missing": "These look like the shares of filled values; the question asks for the shares of missing ones.",
    "ex01_counts_not_shares": "These are numbers of missing values; divide by the number of records to get shares (0–1).",
    # -- exercise 02 ---------------------------------------------------------------------------
    "ex02_returns_counted": "Your result counts the returned orders. Leave out every order with `returned == True` (it is no purchase and brings no money), then compute again.",
    "ex02_recency_off_by_one": "Your recency is one day off for every customer. Count the days from the last purchase to `as_of` (a purchase on the day before `as_of` has recency 1).",
    "ex02_recency_timedelta": "Column `recency` holds time spans (Timedelta); turn them into whole days with `.dt.days`.",
    "ex02_recency_direction": "Your R scores run the wrong way: a smaller recency is better, so the most recent customers must get the highest R score.",
    "ex02_ties_split": "Some customers with equal values got different scores. Tied customers must share a score: rank with `method='min'`.",
    "ex02_clv_no_margin": "Your total looks like revenue, not profit: multiply each customer's yearly value by the margin.",
    "ex02_clv_no_discount": "Your total is not discounted: divide the amount of year t by (1 + d) to the power t.",
    "ex02_clv_from_year_0": "Your sum seems to start at t = 0 (this year); the first year counted is t = 1, next year.",
    "ex02_clv_whole_history": "Your yearly value covers more than the last 365 days: keep only the orders dated on or after `as_of − 365 days`.",
    # -- exercise 03 ---------------------------------------------------------------------------
    "ex03_counted_not_due": "Your rate also counts invoices that are not yet due. The collection rate (回款率) looks only at money that has fallen due: invoices whose `due_date` is before `as_of`.",
    "ex03_unpaid_share": "That is the share still unpaid. The collection rate is the share of the money due that has been paid.",
    "ex03_all_open": "You took the share of all open receivables. The question asks only about the money more than 90 days past due (`days_over_90`).",
    "ex03_only_d": "You counted grade D only. Grade C accounts also pay before goods: add their part too.",
    # -- exercise 04 ---------------------------------------------------------------------------
    "ex04_labels_not_series": "Your labels are {got}. Give them as a Series indexed like `features`, e.g. `pd.Series(km.labels_, index=features.index)`.",
    "ex04_missing_labels": "{count:,} customers of `features` have no cluster label: every customer needs one.",
    "ex04_wrong_k": "Your labels form {got} clusters, but k = {k} clusters were asked for.",
    "ex04_partition_differs": "Your clusters differ from the expected ones (adjusted Rand index {ari:.2f}; 1 = the same grouping). k-means depends on scaling and on its starts: cluster the standardised `columns` with n_init=10 and random_state=0.",
    "ex04_ratio_not_relative": "That is the ratio cluster mean / overall mean. Relative importance subtracts 1, so that 0 means \"like the average customer\".",
    "ex04_not_app_cluster": "You profiled the cluster with the highest discount share. The question asks about the app shoppers: the cluster with the highest mean `channel_app`.",
    # -- exercise 05 ---------------------------------------------------------------------------
    "ex05_all_customers": "You divided by every registered customer. The churn rate is a share of the buyers: the customers with at least one order.",
    "ex05_active_share": "This looks like the share of buyers who are still active. The churn rate is the share flagged as churned (silent for at least 180 days).",
    "ex05_stage_labels": "Column `stage` holds {example}, which is not one of the stage names establishment, development, maintenance, recovery, lapsed.",
    "ex05_no_recovery": "No customer is in `recovery`. Apply the rhythm rule (at least 3 purchase days and a silence longer than 3 × the customer's own mean gap) after the lapsed rule and before the tenure rules.",
    "ex05_retention_counts": "Your table holds numbers of customers. Divide each row by its cohort's size (column 0) to get shares from 0 to 1.",
    "ex05_period_columns": "Your table should have one column per whole number of months since the cohort month (0, 1, 2 … as numbers, not text); {missing:,} of these columns are missing.",
    # -- exercise 06 ---------------------------------------------------------------------------
    "ex06_nps_cutoffs": "Check the cut-offs: promoters answer 9 or 10, detractors 0 to 6; 7 and 8 are passives, who count only in the total.",
    "ex06_tolerance_ignored": "Only answers with P = E are `satisfied` in your table. A ratio P / E within `tolerance` of 1 (boundary included) counts as satisfied too.",
    "ex06_acsi_rescale": "Rescale each 1–10 item to 0–100 as (x − 1) / 9 × 100, so that a 1 becomes 0 and a 10 becomes 100, before averaging.",
    "ex06_unresolved_counted": "Leave out the complaints without a `resolved_date` (rejected or not yet resolved): they have no resolution time, not a time of 0 days.",
    # -- exercise 07 ---------------------------------------------------------------------------
    "ex07_returns_counted": "Returned orders seem to count in your answer. Here a returned order is no purchase (and earns no points): leave out the rows where `returned` is True.",
    "ex07_same_day": "Your answer counts orders, not purchase days: several orders on the same calendar day are one purchase occasion. Count distinct days.",
    "ex07_denominator": "Check the denominator: the rate is over the customers with at least one purchase, not over every customer in the `customers` table.",
    "ex07_median_tie": "Check the cut-offs: a value equal to the median counts as low (high means strictly above the median).",
    "ex07_floor_total": "Round down order by order (each order earns its own whole yuan), not once on the customer's total.",
    "ex07_dropped_customers": "Customers whose orders were all returned are missing: they did order, so they belong in the table with 0 points.",
    "ex07_no_cap": "Where a customer spent more with us than the estimate, the category spend is at least what they spent with us: their share is 1, never above.",
    "ex07_period": "Only 2025 counts: keep the orders dated in 2025.",
    "ex07_no_purchase_kept": "Customers whose 2025 orders were all returned made no purchase in 2025: leave them out of the mean instead of counting a share of 0.",
    # -- exercise 08 ---------------------------------------------------------------------------
    "ex08_same_day": "Several orders on one calendar day are one purchase: keep one row per customer and day before measuring the gaps (a gap of 0 days is no interval).",
    "ex08_returns_counted": "Returned orders seem to count as purchases. Here a returned order is no purchase: leave out the rows where `returned` is True.",
    "ex08_as_of": "Your day counts are one day off: count from the last purchase day to `as_of` (the day after the data ends), not to the last day of the data.",
    "ex08_overdue_included": "Customers whose expected day has already passed (days until below 0) are overdue, not due: keep only 0 ≤ days until < 30.",
    "ex08_rule_order": "Try the rules in the order given; the first that matches wins. A VIP or major customer who is gone or at risk is won back or retained, not kept close.",
    "ex08_small_exception": "Small customers who are gone or at risk get minimal service, not win back or retain.",
}


def message(key: str, **params: object) -> str:
    """The text of message ``key`` in the current language, with ``params`` filled in."""
    try:
        template = MESSAGES[key]
    except KeyError:
        raise KeyError(f"no message {key!r} in crmlab.exercises.messages.MESSAGES") from None
    return _(template).format(**params)


def student_strings() -> list[str]:
    """Every English text a student can see in the exercises — the messages above, and each
    question's title and hints — once each: the list a translation catalogue must cover."""
    from .bank import available, get

    texts = list(MESSAGES.values())
    for exercise in available():
        spec = get(exercise)
        texts.append(spec.title)
        for q in spec.questions:
            texts.extend([q.title, *q.hints])
    return list(dict.fromkeys(texts))
