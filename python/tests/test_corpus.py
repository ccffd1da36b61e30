"""The same verdicts and diagnostics as the CLI's NDJSON on the whole UK corpus, through every
way Python validates (bytes, a streamed file, a threaded batch), with the UK schema set and with
the built-in rule sets plus the UK rule pack."""

from pathlib import Path
from typing import Any, Dict, List

import pytest

import wcodm
from conftest import REPO, TODAY, UK_SCHEMA, run_cli

UK_PACK = REPO / "examples" / "packs" / "uk-cds.json"
UK_PROFILE = REPO / "schemas" / "profiles" / "uk-cds"


def same(python: Dict[str, Any], cli: Dict[str, Any], file: Path) -> None:
    assert python == cli, f"{file}: Python and the CLI disagree"


@pytest.mark.parametrize(
    "make, args",
    [
        (lambda: wcodm.Validator.from_xsd(str(UK_SCHEMA), today=TODAY), ["--schema", str(UK_SCHEMA)]),
        (lambda: wcodm.Validator.builtin("auto", today=TODAY), []),
        (lambda: wcodm.Validator.builtin("4.0-draft", today=TODAY), ["--as", "4.0-draft"]),
        (
            lambda: wcodm.Validator.builtin(rules=[UK_PACK], today=TODAY, mask_values=True, max_errors=3),
            ["--rules", str(UK_PACK), "--mask-values", "--max-errors", "3"],
        ),
        (lambda: wcodm.Validator.builtin(profile="uk-cds", today=TODAY), ["--profile", "uk-cds"]),
        (
            lambda: wcodm.Validator.from_xsd(str(UK_SCHEMA), profile="uk-cds", today=TODAY),
            ["--schema", str(UK_SCHEMA), "--profile", "uk-cds"],
        ),
        (lambda: wcodm.Validator.builtin(profile=UK_PROFILE, today=TODAY), ["--profile", str(UK_PROFILE)]),
    ],
    ids=[
        "uk-schema",
        "builtin-auto",
        "as-4.0-draft",
        "builtin-uk-pack-masked-capped",
        "builtin-uk-cds-profile",
        "uk-schema-uk-cds-profile",
        "builtin-uk-cds-profile-folder",
    ],
)
def test_every_uk_declaration_as_the_cli_reports_it(make: Any, args: List[str], cli: Path, corpus_files: List[Path]) -> None:
    expected = run_cli(cli, ["--today", TODAY, *args], corpus_files)
    validator = make()
    batch = validator.validate_many(corpus_files, threads=2)
    assert len(batch) == len(corpus_files)
    for file, from_batch in zip(corpus_files, batch):
        want = expected[str(file)]
        same(validator.validate(file.read_bytes()).to_dict(), want, file)
        same(validator.validate_file(file).to_dict(), want, file)
        same(from_batch.to_dict(), want, file)


def test_the_corpus_has_both_verdicts_and_rule_findings(corpus_files: List[Path]) -> None:
    # The comparison above means something only if the corpus exercises both sides.
    reports = wcodm.Validator.builtin(rules=[UK_PACK], today=TODAY).validate_many(corpus_files)
    assert any(r.valid for r in reports) and any(not r.valid for r in reports)
    assert any(d.code == "business-rule" and d.national_code for r in reports for d in r.diagnostics)
    schema = wcodm.Validator.from_xsd(UK_SCHEMA).validate_many(corpus_files)
    assert any(d.wco_pointer for r in schema for d in r.diagnostics)
    profiled = wcodm.Validator.builtin(profile="uk-cds", today=TODAY).validate_many(corpus_files)
    assert all(r.profile == "uk-cds" for r in profiled if r.version)
    assert len({r.category for r in profiled if r.category}) > 3


@pytest.mark.parametrize(
    "make, args",
    [
        (lambda: wcodm.Validator.builtin(profile="auto", today=TODAY), []),
        (lambda: wcodm.Validator.from_xsd(UK_SCHEMA, profile="auto", today=TODAY), ["--schema", str(UK_SCHEMA)]),
    ],
    ids=["builtin", "uk-schema"],
)
def test_profile_auto_judges_each_message_by_its_envelope(
    make: Any, args: List[str], cli: Path, corpus_files: List[Path], tmp_path: Path
) -> None:
    # Two declarations whose envelope names France, which no built-in profile serves.
    french = []
    for f in corpus_files[:2]:
        xml = f.read_bytes()
        assert b"ResponsibleCountryCode>GB<" in xml
        french.append(tmp_path / f"fr-{f.name}")
        french[-1].write_bytes(xml.replace(b"ResponsibleCountryCode>GB<", b"ResponsibleCountryCode>FR<"))
    files = corpus_files + french
    expected = run_cli(cli, ["--today", TODAY, "--profile", "auto", *args], files)
    validator = make()
    reports = validator.validate_many(files, threads=2)
    for file, report in zip(files, reports):
        same(report.to_dict(), expected[str(file)], file)
        same(validator.validate_file(file).to_dict(), expected[str(file)], file)
    assert {r.profile for r in reports} == {"uk-cds", None}
    assert [r.profile for r in reports[-2:]] == [None, None]


def test_rows_hold_every_diagnostic_and_a_row_for_each_clean_file(corpus_files: List[Path]) -> None:
    v = wcodm.Validator.builtin(rules=[UK_PACK], profile="uk-cds", today=TODAY)
    reports = v.validate_many(corpus_files)
    assert any(r.category for r in reports)
    names = [f.name for f in corpus_files]
    table = v.validate_rows(corpus_files, names, threads=2)
    rows = [dict(zip(table, values)) for values in zip(*table.values())]
    assert len(rows) == sum(max(1, len(r.diagnostics)) for r in reports)
    at = 0
    for name, report in zip(names, reports):
        mine = rows[at : at + max(1, len(report.diagnostics))]
        at += len(mine)
        for row in mine:
            assert (row["file"], row["valid"], row["version"], row["category"], row["truncated"]) == (
                name, report.valid, report.version, report.category, report.truncated)
        if report.diagnostics:
            assert [{k: row[k] for k in report.diagnostics[0].to_dict()} for row in mine] == [
                d.to_dict() for d in report.diagnostics]
        else:
            assert mine[0]["code"] is None and mine[0]["line"] is None
    with pytest.raises(wcodm.OptionError, match="2 items but 1 file names"):
        v.validate_rows([b"", b""], ["a"])
