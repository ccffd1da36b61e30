"""README's Python samples, run as written (from the repository's folder, `../shared` being the
corpus conftest finds): each `print(...)  # output` line must print that output, and the Spark
sample's `.show()` tables must hold the CLI's counts on the same files, which its comments give."""

import contextlib
import io
import os
import re
import sys
from pathlib import Path
from collections import Counter
from typing import Dict, List

import pytest
from pyspark.sql import SparkSession

from conftest import REPO, SHARED, UK_SCHEMA, run_cli


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
    assert len(expected) == 3, expected  # False 3.6, 301 of 307 valid, [('H1', 155), ('B1', 37)]
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


def test_the_spark_sample_shows_the_engines_counts(
    corpus_files: List[Path], cli: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers import this environment's wcodm
    block = readme_blocks("python")[1]
    # What the engine says of the same files with the same schema set and profile (and, as the
    # sample sets no day, date rules as of today): the CLI's verdicts.
    assert 'wrapper_submit.xsd", profile="uk-cds"' in block and "uk-dms-2.15/declarations" in block, block
    records = run_cli(cli, ["--schema", str(UK_SCHEMA), "--profile", "uk-cds"], corpus_files).values()
    valid = Counter("true" if r["valid"] else "false" for r in records)
    categories = Counter(r["category"] or "NULL" for r in records)
    try:
        printed = run(block, tmp_path, monkeypatch)
    finally:
        SparkSession.builder.getOrCreate().stop()
    tables = shown(printed)
    assert len(tables) == 2, "\n".join(printed)
    assert tables[0] == dict(valid), "\n".join(printed)
    # Spark shows a null category as NULL (3.5) or null (before).
    assert {("NULL" if k == "null" else k): n for k, n in tables[1].items()} == dict(categories), "\n".join(printed)
    assert (tmp_path / "results.parquet").is_dir()
    # README's comments give those counts.
    said = re.search(r"\.show\(\)\s+# (\d+) valid, (\d+) invalid$", block, re.M)
    assert said, block
    assert (int(said[1]), int(said[2])) == (valid["true"], valid["false"]), f"README says {said[0]}; the engine: {valid}"
    said = re.search(r"\.show\(\)\s+# (\S+) (\d+), (\S+) (\d+), \.\.\.$", block, re.M)
    assert said, block
    top = [(said[1], int(said[2])), (said[3], int(said[4]))]
    assert top == categories.most_common(2), f"README says {said[0]}; the engine: {categories.most_common(3)}"
