"""Shared fixtures. Unit tests build their own small data; model-backed tests (marked
``model``) share one loaded pipeline and one analysis of the seed chapters per session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "eval" / "seeds.gold.json"
LITBANK = SHARED / "data" / "litbank"
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "northern-notes"


@pytest.fixture(scope="session")
def nlp() -> Any:
    from dossier.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside this checkout")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_run(nlp: Any, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """(analysis, outdir) of the two seed chapters analysed as one book."""
    from dossier.pipeline import analyze

    out = tmp_path_factory.mktemp("seeds")
    analysis, _ = analyze([seeds_dir], out, nlp)
    return analysis, out


@pytest.fixture(scope="session")
def sample_run(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """(analysis, outdir) of the sample book that ships with the project."""
    from dossier.pipeline import analyze

    out = tmp_path_factory.mktemp("sample")
    analysis, _ = analyze([SAMPLE], out, nlp)
    return analysis, out
