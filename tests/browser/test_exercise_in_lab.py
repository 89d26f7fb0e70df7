"""A student's exercise in JupyterLab in a real browser: the student notebook runs with every
question "not attempted"; typing an answer into a cell and running it gives the check's verdict."""

from __future__ import annotations

import pytest

from crmlab.exercises.bank import get

from .conftest import screenshot
from .lab import error_outputs, open_notebook, run_all

EXERCISE = get("01")
PATH = f"exercises/{EXERCISE.notebook}"


def answer_cell(page, qname: str):
    cells = [
        c
        for c in page.query_selector_all(".jp-CodeCell")
        if f"ex.{qname}.check(" in c.eval_on_selector(".jp-InputArea-editor", "e => e.innerText")
    ]
    assert len(cells) == 1
    return cells[0]


def answer(page, cell, code: str, verdict: str) -> str:
    """Replace the cell's code, run it, and return the text of the check's verdict."""
    cell.scroll_into_view_if_needed()
    cell.query_selector(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    selector = f".crmlab-check-{verdict}"
    page.wait_for_function(
        "([cell, sel]) => cell.querySelector(sel) !== null",
        arg=[cell, selector],
        timeout=60_000,
    )
    return cell.eval_on_selector(selector, "e => e.innerText")


@pytest.mark.browser
def test_a_student_works_through_an_exercise(browser, lab_server):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        open_notebook(page, lab_server, PATH)
        run_all(page)
        assert error_outputs(page) == []
        n = len(EXERCISE.questions)
        assert len(page.query_selector_all(".crmlab-check-not_attempted")) == n
        assert page.query_selector(".crmlab-check-correct, .crmlab-check-incorrect") is None

        q1 = EXERCISE.question("q1")
        cell = answer_cell(page, "q1")
        wrong = answer(page, cell, f"{q1.answer} = len(orders)\nex.q1.check({q1.answer})", "incorrect")
        assert "Not yet" in wrong and "orders" in wrong
        right = answer(page, cell, f"{q1.solution}\nex.q1.check({q1.answer})", "correct")
        assert "Correct" in right
        assert error_outputs(page) == []
        screenshot(page, f"exercise_{EXERCISE.id}")
    finally:
        page.close()
