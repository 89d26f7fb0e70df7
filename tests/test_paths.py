"""crmlab.paths: one place knows where the kit's files are (a checkout here; the installed wheel
is tested in test_package)."""

from __future__ import annotations

from pathlib import Path

import pytest

import crmlab
from crmlab import paths
from crmlab.errors import ParameterError

ROOT = Path(__file__).resolve().parent.parent


def test_a_checkout_finds_its_files_at_the_repository_root(monkeypatch):
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    assert paths.install_kind() == "checkout" and paths.course_root() == ROOT
    assert paths.datasets_dir() == ROOT / "datasets" and paths.data_card() == ROOT / "datasets" / "README.md"
    assert paths.lessons_dir() == ROOT / "notebooks" and paths.exercises_dir() == ROOT / "exercises"
    assert paths.solutions_dir() == ROOT / "exercises" / "solutions"
    assert paths.locales_dir() == ROOT / "crmlab" / "locales"
    assert {s["name"]: s["present"] for s in paths.status()} == dict.fromkeys(
        ["datasets", "lessons", "exercises", "solutions", "translations"], True
    )


def test_editions_are_language_folders_only():
    assert paths._is_edition_name("zh_CN") and paths._is_edition_name("fr")
    assert not paths._is_edition_name("solutions") and not paths._is_edition_name("zh_cn")
    assert "solutions" not in paths.editions("exercises")
    assert paths.edition_dir("notebooks", "en_US") == paths.edition_dir("notebooks", None) == ROOT / "notebooks"
    assert paths.edition_dir("notebooks", "zh_CN") == ROOT / "notebooks" / "zh_CN"


def test_crmlab_data_points_the_data_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path))
    assert crmlab.data.datasets_dir() == tmp_path
    with pytest.raises(ParameterError, match="CRMLAB_DATA.*crmlab generate --locale en_US --out"):
        crmlab.load("orders")


def test_a_package_without_data_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    monkeypatch.setattr(paths, "install_kind", lambda: "incomplete")
    monkeypatch.setattr(paths, "course_root", lambda: tmp_path / "_course")
    with pytest.raises(ParameterError) as error:
        crmlab.load("orders")
    text = str(error.value)
    assert "installed without its bundled data" in text and "CRMLAB_DATA" in text and "crmlab info" in text
