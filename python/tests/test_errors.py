"""Everything that cannot be used is a clear exception of its own class, and everything a
message can be is a report: never a crash."""

import datetime
import json
import subprocess
from pathlib import Path
from typing import Callable, List, Tuple

import pytest

import wcodm
from conftest import REPO, UK_SCHEMA, run_cli

EXAMPLE = REPO / "examples" / "3.6" / "invalid-rule-net-mass-above-gross.xml"


def test_the_exception_classes_are_one_family() -> None:
    for cls in (wcodm.SchemaError, wcodm.RulePackError, wcodm.ProfileError, wcodm.OptionError):
        assert issubclass(cls, wcodm.Error)
    assert issubclass(wcodm.OptionError, ValueError)
    assert repr(wcodm.SchemaError("x")) == "SchemaError('x')"
    assert wcodm.SchemaError.__module__ == "wcodm"


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: wcodm.Validator.builtin("3.9"), r"unknown version '3\.9'; supported: auto, 3\.6, 3\.7, 4\.0-draft"),
        (lambda: wcodm.Validator.builtin(today="2022-02-30"), "'2022-02-30' is not a calendar day"),
        (lambda: wcodm.Validator.builtin(today="yesterday"), "'yesterday' is not a calendar day"),
        (lambda: wcodm.Validator.builtin(today=20220826), "today must be a datetime.date or a string"),  # type: ignore[arg-type]
        (lambda: wcodm.Validator.builtin(max_errors=-1), "max_errors must be 0 or more"),
        (lambda: wcodm.Validator.from_xsd(UK_SCHEMA, max_errors=-5), "max_errors must be 0 or more"),
    ],
)
def test_bad_options_raise_option_error(call, match) -> None:
    with pytest.raises(wcodm.OptionError, match=match):
        call()


def test_today_takes_a_date_or_a_datetime() -> None:
    for today in (datetime.date(2022, 8, 26), datetime.datetime(2022, 8, 26, 23, 59), "2022-08-26"):
        assert wcodm.Validator.builtin("3.6", today=today).validate(EXAMPLE.read_bytes()).version == "3.6"


def test_schema_errors_name_the_file_and_the_fault(tmp_path: Path) -> None:
    with pytest.raises(wcodm.SchemaError, match="cannot read schema file .*missing.xsd"):
        wcodm.Validator.from_xsd(tmp_path / "missing.xsd")
    broken = tmp_path / "broken.xsd"
    broken.write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a"></b></xs:schema>')
    with pytest.raises(wcodm.SchemaError, match="broken.xsd is not well-formed"):
        wcodm.Validator.from_xsd(broken)
    redefine = tmp_path / "redefine.xsd"
    redefine.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:redefine schemaLocation="x.xsd"/></xs:schema>'
    )
    with pytest.raises(wcodm.SchemaError, match="redefine"):
        wcodm.Validator.from_xsd(redefine)
    with pytest.raises(wcodm.SchemaError):
        wcodm.Validator.from_xsd_files("a.xsd", {"a.xsd": b"\xff\xfe not UTF-8"})


def test_rule_pack_errors(tmp_path: Path) -> None:
    with pytest.raises(wcodm.RulePackError, match="nope.json"):
        wcodm.Validator.builtin(rules=[tmp_path / "nope.json"])
    bad = tmp_path / "bad.json"
    bad.write_text('{"rules": [{"id": "X"')
    with pytest.raises(wcodm.RulePackError, match="bad.json"):
        wcodm.Validator.from_xsd(UK_SCHEMA, rules=[bad])
    with pytest.raises(wcodm.RulePackError, match="rule pack"):
        wcodm.Validator.builtin(rules=[b"not json"])
    # A pack whose regular expression does not compile is refused when the rule set is built.
    pattern = json.loads((REPO / "examples" / "packs" / "uk-cds.json").read_text())
    for rule in pattern["rules"]:
        if rule["check"]["kind"] == "pattern":
            rule["check"]["regex"] = "([unclosed"
            break
    else:
        pytest.fail("the UK pack has no pattern rule to break")
    with pytest.raises(wcodm.RulePackError):
        wcodm.Validator.builtin("3.6", rules=[json.dumps(pattern).encode()])
    with pytest.raises(TypeError, match="a list of rule packs"):
        wcodm.Validator.builtin(rules=str(bad))  # type: ignore[arg-type]


def bad_profile(folder: Path) -> Path:
    """A profile whose category reads an element no schema has."""
    folder.mkdir()
    spec = {
        "name": "xx-bad",
        "title": "a category on a misspelt path",
        "root": "Declaration",
        "item": "Declaration/GoodsShipment/GovernmentAgencyGoodsItem",
        "categories": [
            {"name": "Z", "title": "z", "scope": "Declaration", "when": {"field": "/Declaration/TypCode", "in": ["IM"]}, "source": "test"}
        ],
    }
    (folder / "profile.json").write_text(json.dumps(spec))
    return folder


def test_profile_errors_are_profile_errors_with_the_cli_message(cli: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = bad_profile(tmp_path / "bad")
    cases: List[Tuple[Callable[[], wcodm.Validator], List[str]]] = [
        (lambda: wcodm.Validator.builtin(profile="xx-none"), ["--profile", "xx-none"]),
        (lambda: wcodm.Validator.builtin("3.6", profile=empty), ["--as", "3.6", "--profile", str(empty)]),
        (lambda: wcodm.Validator.from_xsd(UK_SCHEMA, profile=empty), ["--schema", str(UK_SCHEMA), "--profile", str(empty)]),
        (lambda: wcodm.Validator.builtin("3.6", profile=bad), ["--as", "3.6", "--profile", str(bad)]),
        (lambda: wcodm.Validator.from_xsd(UK_SCHEMA, profile=bad), ["--schema", str(UK_SCHEMA), "--profile", str(bad)]),
    ]
    for call, args in cases:
        out = subprocess.run([str(cli), "validate", *args, str(EXAMPLE)], capture_output=True, text=True)
        assert out.returncode == 2, out
        with pytest.raises(wcodm.ProfileError) as raised:
            call()
        assert f"wcodm: {raised.value}" in out.stderr.splitlines(), (args, out.stderr)
    with pytest.raises(wcodm.ProfileError, match="unknown profile 'xx-none' \\(built in: uk-cds"):
        wcodm.Validator.builtin(profile="xx-none")
    # A profile on a path the schema does not have says which category and path.
    with pytest.raises(wcodm.ProfileError, match="category Z: '/Declaration/TypCode'"):
        wcodm.Validator.from_xsd(UK_SCHEMA, profile=bad)
    # A bad pack beside a good profile is still the pack's error.
    with pytest.raises(wcodm.RulePackError, match="nope.json"):
        wcodm.Validator.builtin(rules=[tmp_path / "nope.json"], profile="uk-cds")
    broken = json.loads((REPO / "examples" / "packs" / "uk-cds.json").read_text())
    broken["rules"][0]["scope"] = "Declaration/NoSuchElement"
    for version in ("3.6", "auto"):
        with pytest.raises(wcodm.RulePackError, match="NoSuchElement"):
            wcodm.Validator.builtin(version, rules=[json.dumps(broken).encode()], profile="uk-cds")


def test_a_profile_for_other_roots_is_a_profile_error_naming_them() -> None:
    # uk-ics1 serves CC315A/CC313A messages; the built-in WCO sets declare neither root.
    with pytest.raises(wcodm.ProfileError, match="profile uk-ics1 is for messages whose root is CC315A or CC313A") as raised:
        wcodm.Validator.builtin("3.6", profile="uk-ics1")
    assert "CC315A-v11-2.xsd" in str(raised.value)

def test_a_pack_as_bytes_works_as_the_same_pack_from_a_file() -> None:
    pack = REPO / "examples" / "packs" / "uk-cds.json"
    xml = EXAMPLE.read_bytes()
    from_file = wcodm.Validator.builtin(rules=[pack], today="2022-08-26").validate(xml).to_dict()
    from_bytes = wcodm.Validator.builtin(rules=[pack.read_bytes()], today="2022-08-26").validate(xml).to_dict()
    assert from_file == from_bytes


def test_files_that_cannot_be_opened_raise_os_errors(tmp_path: Path) -> None:
    v = wcodm.Validator.builtin()
    with pytest.raises(FileNotFoundError, match="missing.xml"):
        v.validate_file(tmp_path / "missing.xml")
    with pytest.raises(IsADirectoryError, match="is a folder"):
        v.validate_file(tmp_path)
    with pytest.raises(TypeError, match="bytes"):
        v.validate("<a/>")  # type: ignore[arg-type]


def test_a_batch_gives_every_input_a_verdict(tmp_path: Path) -> None:
    v = wcodm.Validator.from_xsd(UK_SCHEMA)
    reports = v.validate_many([tmp_path / "missing.xml", tmp_path, b"", b"\x00\x01binary", bytearray(b"<a>")])
    missing, folder, empty, binary, cut = reports
    assert [d.code for d in missing.diagnostics] == ["io"] and missing.version is None
    assert "cannot read" in missing.diagnostics[0].message and "missing.xml" in missing.diagnostics[0].message
    assert folder.diagnostics[0].message.endswith("is a folder")
    for r in reports:
        assert not r.valid and r.error_count >= 1
    assert empty.version == str(UK_SCHEMA) and binary.diagnostics and cut.diagnostics
    with pytest.raises(TypeError, match="item 1: expected the message as bytes, or a path"):
        v.validate_many([b"<a/>", 3])  # type: ignore[list-item]


def test_hostile_and_odd_messages_are_reports() -> None:
    v = wcodm.Validator.builtin()
    doctype = v.validate(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')
    assert not doctype.valid
    assert v.validate(b"<MetaData/>").diagnostics[0].code == "unknown-version"
    deep = b"<a>" * 10_000
    assert not v.validate(deep).valid


def test_options_change_reports() -> None:
    xml = REPO / "examples" / "3.6" / "invalid-letters-in-gross-mass.xml"
    plain = wcodm.Validator.builtin("3.6").validate_file(xml)
    assert not plain.valid
    capped = wcodm.Validator.builtin("3.6", max_errors=0).validate_file(xml)
    assert len(capped.diagnostics) == 1
    masked = wcodm.Validator.builtin("3.6", mask_values=True).validate_file(xml)
    assert [d.code for d in masked.diagnostics] == [d.code for d in plain.diagnostics]
    assert masked.to_dict() != plain.to_dict()


def test_objects_read_well() -> None:
    v = wcodm.Validator.builtin()
    r = v.validate(EXAMPLE.read_bytes())
    d = r.diagnostics[0]
    assert repr(v) == "<Validator builtin auto>"
    assert repr(wcodm.Validator.builtin("3.6", profile="uk-cds")) == "<Validator builtin 3.6 profile uk-cds>"
    assert repr(r) == "<Report invalid version=3.6 diagnostics=1>"
    assert str(d).startswith("91:11: error[WCO-R004 / CDS11006]: Net mass must not exceed gross mass")
    assert (d.code, d.rule, d.national_code, d.wco_pointer) == ("business-rule", "WCO-R004", "CDS11006", "42A/67A[1]/68A[2]/23A/65A")
    assert wcodm.SUPPORTED_VERSIONS == ["3.6", "3.7", "4.0-draft"]


def test_a_rule_pack_error_carries_its_file_rule_and_place(tmp_path: Path) -> None:
    pack = tmp_path / "national.json"
    pack.write_text(
        '{"name": "xx", "rules": [\n'
        '  {"id": "XX-1", "message": "m", "scope": "Declaration", "check": {"kind": "requird", "fields": ["FunctionCode"]}, "source": "s"}\n'
        "]}\n"
    )
    with pytest.raises(wcodm.RulePackError) as raised:
        wcodm.Validator.builtin("3.6", rules=[pack])
    e = raised.value
    assert (e.pack, e.file, e.rule, e.line) == (str(pack), str(pack), "XX-1", 2)
    assert e.column is not None and e.column > 1
    assert str(e).startswith(f'rule pack {pack}:2:{e.column}: rule XX-1: unknown kind "requird" (known: "count-equals"')
    # JSON that is not a pack is said in the pack's terms; bytes have no file.
    with pytest.raises(wcodm.RulePackError, match="a rule pack is an object with a name and rules") as raised:
        wcodm.Validator.builtin("3.6", rules=[b"[]"])
    assert (raised.value.file, raised.value.rule, raised.value.line) == (None, None, 1)
    # A path the schema lacks names the rule and the pack.
    typo = REPO / "tests" / "readme" / "typo.json"
    with pytest.raises(wcodm.RulePackError, match="NetWeightMeasure") as raised:
        wcodm.Validator.builtin("3.6", rules=[typo])
    assert (raised.value.pack, raised.value.rule) == (str(typo), "XX-NETMASS")


def test_an_unreadable_file_has_no_position_as_in_the_cli(cli: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    want = run_cli(cli, [], [missing])[str(missing)]["diagnostics"]
    [report] = wcodm.Validator.builtin().validate_many([missing])
    got = [d.to_dict() for d in report.diagnostics]
    assert [(d["code"], d["line"], d["column"]) for d in got] == [(d["code"], d["line"], d["column"]) for d in want]
    assert [(d["code"], d["line"], d["column"]) for d in got] == [("io", None, None)]
    assert (report.diagnostics[0].line, report.diagnostics[0].column) == (None, None)
