"""The WCO pointer in words (issue 20): ``Diagnostic.wco_names`` spells ``wco_pointer`` with the
WCO names the schema's annotations give, on a real UK declaration, with HMRC's DMS 2.15 schema
set and with the built-in 3.6 rule set, through ``validate``, ``to_dict`` and ``validate_rows``."""

from pathlib import Path

import pytest

import wcodm
from conftest import CORPUS, UK_SCHEMA

POINTER = "42A/67A[1]/68A[1]/23A/31B[1]#159"
NAMES = (
    "Declaration / GoodsShipment[1] / GovernmentAgencyGoodsItem[1] / Commodity / TransportEquipment[1]"
    " / Equipment identification number"
)


@pytest.fixture(scope="module")
def broken() -> bytes:
    # Trade Test IM117a with its transport equipment ID (WCO 159, an..17) made 21 characters long.
    path = CORPUS / "declarations" / "TT_IM117a" / "Step1_TT_IM117a.xml"
    if not path.is_file():
        pytest.fail(f"the UK corpus is missing: expected {path} (set WCODM_SHARED)")
    xml = path.read_bytes()
    assert xml.count(b"<ID>AD12345</ID>") == 1
    return xml.replace(b"<ID>AD12345</ID>", b"<ID>AD1234567890123456789</ID>")


@pytest.mark.parametrize("make", [lambda: wcodm.Validator.from_xsd(UK_SCHEMA), lambda: wcodm.Validator.builtin("3.6")])
def test_the_pointer_in_words(make: object, broken: bytes, tmp_path: Path) -> None:
    v = make()  # type: ignore[operator]
    d = v.validate(broken).diagnostics[0]
    assert (d.code, d.line, d.wco_pointer, d.wco_names) == ("length", 187, POINTER, NAMES)
    assert d.to_dict()["wco_names"] == NAMES
    table = v.validate_rows([broken], ["im117a"])
    assert table["wco_names"] == [NAMES] and table["wco_pointer"] == [POINTER]


def test_no_pointer_no_names() -> None:
    d = wcodm.Validator.builtin("3.6").validate(b"<Declaration").diagnostics[0]
    assert (d.code, d.wco_pointer, d.wco_names) == ("xml-syntax", None, None)
    assert d.to_dict()["wco_names"] is None


def test_a_missing_element_is_named() -> None:
    xml = (Path(__file__).resolve().parents[2] / "examples" / "4.0-draft" / "invalid-no-lrn.xml").read_bytes()
    d = wcodm.Validator.builtin("4.0-draft").validate(xml).diagnostics[0]
    assert d.message == "FunctionalReferenceID (Functional reference number; WCO D026) is missing before TypeCode"
    assert (d.wco_pointer, d.wco_names) == ("42A#D026", "Declaration / Functional reference number")


def test_a_profile_names_a_missing_element_by_its_national_data_element() -> None:
    # Trade Test IM117a whose first goods item lost its sequence number (DE 1/6, WCO 006).
    xml = (CORPUS / "declarations" / "TT_IM117a" / "Step1_TT_IM117a.xml").read_bytes()
    comment = b"<!--DE 1/6: Sequential number of the goods item. -->"
    assert xml.count(comment) == 1
    at = xml.index(comment) + len(comment)
    number = xml.index(b"<SequenceNumeric>1</SequenceNumeric>", at)
    xml = xml[:number] + xml[number + len(b"<SequenceNumeric>1</SequenceNumeric>") :]
    for validator in [wcodm.Validator.builtin("3.6", profile="uk-cds"), wcodm.Validator.from_xsd(UK_SCHEMA, profile="uk-cds")]:
        missing = [d for d in validator.validate(xml).diagnostics if d.code == "missing-element"]
        assert missing[0].message == "SequenceNumeric (Goods item number, DE 1/6; WCO 006) is missing before StatisticalValueAmount"
