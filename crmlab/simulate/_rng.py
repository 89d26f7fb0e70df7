"""Independent, named random streams.

Every table and every column group draws from its own stream, keyed by the user's seed, a
stable name and the block number. Adding a column or a table therefore never shifts the
numbers of the others, and a block's numbers do not depend on how many blocks there are.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str, block: int = 0) -> np.random.Generator:
    """Return the generator for stream ``name`` of block ``block`` under ``seed``."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(key, block)))
