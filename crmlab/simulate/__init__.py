"""The simulated company: a seeded causal model of customers, orders, service and credit."""

from .config import LOCALES, SimConfig, make_config
from .dataset import Dataset, generate

__all__ = ["LOCALES", "Dataset", "SimConfig", "generate", "make_config"]
