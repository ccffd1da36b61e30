"""README's Python samples, run as written (from the repository's folder, `../shared` being the
corpus conftest finds): each `print(...)  # output` line must print that output, and the Spark
sample's `.show()` tables must hold the counts its comments give."""

import contextlib
import io
import os
import re
import sys
from pathlib import Path
from typing import Dict, List

import pytest
from pyspark.sql import SparkSession

from conftest import REPO, SHARED


def readme_blocks(language: str) -> List[str]:
    """The README's fenced blocks in `language`, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.S | re.M)


def run(block: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """Run a README block from `folder` and return the lines it printed."""
    monkeypatch.chdir(folder)
    code = block.replace("../shared", str(SHARED))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    return out.getvalue().splitlines()


def test_the_python_sample_prints_what_its_comments_say(
    corpus_files: List[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    block = readme_blocks("python")[0]
    expected = [m.group(1).strip() for m in re.finditer(r"^[ \t]*print\(.*\)[ \t]+# (.*)$", block, re.M)]
    assert len(expected) == 3, expected  # False 3.6, 302 of 307 valid, [('H1', 155), ('B1', 37)]
    printed = run(block, REPO, monkeypatch)
    # The expected lines, in order, among the diagnostics the loop prints.
    found = [line for line in printed if line in expected]
    assert found == expected, "\n".join(printed)
    assert len(printed) > len(expected), "the diagnostics loop printed nothing"


def shown(lines: List[str]) -> List[Dict[str, int]]:
    """The two-column tables `DataFrame.show()` printed (`|valid|count|`), each as
    {first column: count}."""
    tables: List[Dict[str, int]] = []
    for line in lines:
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 2 and cells[1] == "count":
            tables.append({})
        elif tables and len(cells) == 2 and cells[1].isdigit():
            tables[-1][cells[0]] = int(cells[1])
    return tables


def test_the_spark_sample_shows_the_counts_its_comments_give(
    corpus_files: List[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers import this environment's wcodm
    block = readme_blocks("python")[1]
    assert "# 302 valid, 5 invalid" in block and "# H1 155, B1 37, ..." in block
    try:
        printed = run(block, tmp_path, monkeypatch)
    finally:
        SparkSession.builder.getOrCreate().stop()
    tables = shown(printed)
    assert tables[0] == {"true": 302, "false": 5}, "\n".join(printed)
    assert (tables[1]["H1"], tables[1]["B1"]) == (155, 37), "\n".join(printed)
    assert sorted(tables[1].values(), reverse=True)[:2] == [155, 37], "\n".join(printed)
    assert (tmp_path / "results.parquet").is_dir()
