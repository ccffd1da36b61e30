"""Shared fixtures: the repository, the UK corpus beside it (../shared or $WCODM_SHARED), and
the CLI whose NDJSON the Python results are compared with."""

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("WCODM_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "uk-dms-2.15"
UK_SCHEMA = CORPUS / "schemas" / "customs" / "wrapper_submit.xsd"
# Date rules are checked as of this day, so the CLI and Python agree whatever the clock says.
TODAY = "2022-08-26"


@pytest.fixture(scope="session")
def corpus_files() -> List[Path]:
    if not (CORPUS / "declarations").is_dir():
        pytest.fail(f"the UK corpus is missing: expected {CORPUS} (set WCODM_SHARED)")
    files = sorted((CORPUS / "declarations").rglob("*.xml"))
    assert len(files) > 300
    return files


@pytest.fixture(scope="session")
def cli() -> Path:
    """The release CLI of this checkout (built if it is not there yet)."""
    binary = Path(os.environ.get("WCODM_CLI", REPO / "target" / "release" / "wcodm"))
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--bin", "wcodm"], cwd=REPO, check=True)
    return binary


def run_cli(cli: Path, args: List[str], files: List[Path]) -> Dict[str, Dict[str, Any]]:
    """The CLI's NDJSON records for `files`, by file name, each diagnostic with every key."""
    listing = "\n".join(str(f) for f in files) + "\n"
    out = subprocess.run(
        [str(cli), "validate", "--format", "ndjson", "--jobs", "2", *args, "--files-from", "-"],
        input=listing,
        capture_output=True,
        text=True,
    )
    assert out.returncode in (0, 1), out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert records[-1].get("summary") is True
    by_file = {}
    for r in records[:-1]:
        # The record leaves out what is None; Report.to_dict() keeps every key.
        r.setdefault("profile", None)
        r.setdefault("category", None)
        for d in r["diagnostics"]:
            d.setdefault("national_code", None)
            d.setdefault("location", None)
            d.setdefault("wco_names", None)
        by_file[r.pop("file")] = r
    assert len(by_file) == len(files)
    return by_file
