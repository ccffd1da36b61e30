"""Locations the way XPath-based rule engines report them: HMRC's ICS1 cases with the uk-ics1
profile give the engine's error numbers at the engine's locations, and ``locations=True`` asks
for them without a profile."""

import re
from pathlib import Path
from typing import List, Tuple

import pytest

import wcodm
from conftest import REPO, SHARED

ICS = SHARED / "corpus" / "uk-ics1"
PROFILE = REPO / "schemas" / "profiles" / "uk-ics1"


def engine_answer(ctl: Path) -> List[Tuple[str, str]]:
    """(Number, Location) of each error of an engine answer, sorted."""
    text = ctl.read_text(encoding="utf-8")
    numbers = re.findall(r"<err:Number>\s*(.*?)\s*</err:Number>", text)
    locations = re.findall(r"<err:Location>\s*(.*?)\s*</err:Location>", text)
    return sorted(zip(numbers, locations))


@pytest.mark.parametrize("case", ["TOTNUMOFITEHEA305.0.02", "CITCE224.0.10", "CONREFNUMHEA.1.10", "CITCE124.0.3"])
def test_ics_cases_give_the_engine_locations(case: str) -> None:
    if not ICS.is_dir():
        pytest.fail(f"the ICS corpus is missing: expected {ICS} (set WCODM_SHARED)")
    v = wcodm.Validator.from_xsd(ICS / "schemas" / "CC315A-v11-2.xsd", profile=PROFILE)
    xml = ICS / "cases" / "ruleTestCases315" / f"{case}.xml"
    report = v.validate_file(xml)
    got = sorted((d.national_code or d.code, d.location or "") for d in report.diagnostics)
    assert got == engine_answer(xml.with_suffix(".ctl"))
    assert all(d.to_dict()["location"] == d.location for d in report.diagnostics)


def test_locations_are_asked_for() -> None:
    xml = REPO / "examples" / "3.6" / "invalid-rule-net-mass-above-gross.xml"
    plain = wcodm.Validator.builtin("3.6").validate_file(xml).diagnostics[0]
    located = wcodm.Validator.builtin("3.6", locations=True).validate_file(xml).diagnostics[0]
    assert plain.location is None and plain.to_dict()["location"] is None
    assert located.location is not None and located.location.startswith("/")
    # The path with every step indexed and names as written (prefixes kept).
    bare = re.compile(r"\[\d+\]|[\w.-]+:")
    assert bare.sub("", located.location) == bare.sub("", plain.path)
    assert all(re.search(r"\[\d+\]$", step) for step in located.location.split("/")[1:])
