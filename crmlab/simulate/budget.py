"""The memory budget of :func:`crmlab.generate`: refuse a company that would not fit.

``crmlab.generate()`` builds every table in memory: about 2.2 kB per customer over three years
(measured peak: 0.6 GB for 200,000 customers; 10,000,000 customers would need about 22 GB). On
a shared server (a JupyterHub) one student's cell must not take the memory of everyone else, so
:func:`check` refuses a size whose estimate (:func:`estimate`) exceeds the budget
(:func:`budget`), with an error that points to the streaming ``crmlab generate --out``, whose
memory stays bounded.

The budget is ``$CRMLAB_MEMORY_BUDGET`` if set (``"4GB"``, ``"512M"``, a number of bytes;
``"none"`` or ``"0"``: no limit), else half of the memory this process may use: the smallest
of the machine's memory, the container's or systemd slice's limit (cgroup) and JupyterHub's
``$MEM_LIMIT``. Sizes count in powers of 1024 (``1GB`` = 1024³ bytes).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import ParameterError
from ..i18n import _

__all__ = ["BUDGET_ENV", "estimate", "budget", "check", "parse_size"]

BUDGET_ENV = "CRMLAB_MEMORY_BUDGET"
#: Fixed cost of generating (libraries, Faker's vocabularies, one block in flight), bytes.
BASE_BYTES = 200 * 2**20
#: Per customer: the customer's own rows, and their orders and other events per 1,096 days.
PER_CUSTOMER_BYTES = 900
PER_CUSTOMER_PER_3Y_BYTES = 1300
GB = 2**30

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """``"4GB"``, ``"4G"``, ``"512MiB"``, ``"1000000"`` → bytes (powers of 1024); ``"none"``,
    ``"0"`` → None (no limit)."""
    if text.strip().lower() in ("none", "off", "unlimited", "0", ""):
        return None
    found = _SIZE.match(text)
    if found is None:
        raise ParameterError(
            _("`{variable}` must be a size such as 4GB or 512MB (or none), but {got} was set.").format(
                variable=BUDGET_ENV, got=repr(text)
            )
        )
    value = float(found.group(1)) * 1024 ** " kmgt".index(found.group(2).lower() or " ")
    return int(value) or None


def estimate(customers: int, days: int = 1096) -> int:
    """Bytes of memory ``crmlab.generate(customers=…)`` needs at its peak over ``days`` days."""
    return int(BASE_BYTES + customers * (PER_CUSTOMER_BYTES + PER_CUSTOMER_PER_3Y_BYTES * days / 1096))


def _cgroup_limit() -> int | None:
    """The memory limit of this process's cgroup (v2 ``memory.max`` or v1), if any."""
    candidates = [Path("/sys/fs/cgroup/memory.max"), Path("/sys/fs/cgroup/memory/memory.limit_in_bytes")]
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            parts = line.split(":", 2)
            if len(parts) == 3 and parts[0] == "0":  # cgroup v2: "0::/user.slice/…"
                candidates.insert(0, Path("/sys/fs/cgroup") / parts[2].lstrip("/") / "memory.max")
    except OSError:
        pass
    for path in candidates:
        try:
            text = path.read_text().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < 2**60:
            return int(text)
    return None


def _machine_memory() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def available() -> tuple[int | None, str]:
    """``(bytes this process may use, where that limit comes from)``: ``"machine"``,
    ``"cgroup"`` or ``"hub"`` (JupyterHub's ``$MEM_LIMIT``); ``(None, "")`` if unknown."""
    limits = []
    machine = _machine_memory()
    if machine:
        limits.append((machine, "machine"))
    cgroup = _cgroup_limit()
    if cgroup:
        limits.append((cgroup, "cgroup"))
    hub = os.environ.get("MEM_LIMIT", "").strip()
    if hub.isdigit() and int(hub) > 0:
        limits.append((int(hub), "hub"))
    return min(limits) if limits else (None, "")


def budget() -> tuple[int | None, str]:
    """``(budget in bytes or None for no limit, "variable" or "limit")``."""
    text = os.environ.get(BUDGET_ENV)
    if text is not None and text.strip():
        return parse_size(text), "variable"
    limit, _source = available()
    return (limit // 2 if limit else None), "limit"


def check(customers: int, days: int = 1096) -> None:
    """Raise :class:`~crmlab.errors.ParameterError` if generating ``customers`` over ``days``
    days in memory would exceed the budget."""
    allowed, source = budget()
    need = estimate(customers, days)
    if allowed is None or need <= allowed:
        return
    fields = {"customers": customers, "need": need / GB, "budget": allowed / GB, "variable": BUDGET_ENV}
    if source == "variable":
        # Translators: {need} and {budget} are sizes in gigabytes.
        text = _(
            "Generating {customers:,} customers in memory needs about {need:.1f} GB, more than the memory "
            "budget of {budget:.1f} GB set by `{variable}`. Write the tables to disk instead: `crmlab generate "
            "--customers {customers} --out FOLDER` streams them in blocks with bounded memory; then read them "
            "in parts (with DuckDB, as lesson 09 does). Or generate fewer customers."
        )
    else:
        text = _(
            "Generating {customers:,} customers in memory needs about {need:.1f} GB, more than the memory "
            "budget of {budget:.1f} GB (half of what this server may use; set `{variable}` to change it). "
            "Write the tables to disk instead: `crmlab generate --customers {customers} --out FOLDER` "
            "streams them in blocks with bounded memory; then read them in parts (with DuckDB, as lesson "
            "09 does). Or generate fewer customers."
        )
    raise ParameterError(text.format(**fields))
