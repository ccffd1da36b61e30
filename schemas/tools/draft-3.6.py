#!/usr/bin/env python3
"""One-off (run once by the project, 2026-11; kept for provenance, needs lxml): draft schemas/wco-3.6/declaration.tsv from the UK DMS 2.15 customisation of WCO DM 3.6.
Order and cardinality: walk WCO_DEC_2_DMS.xsd (document order = xs:sequence order).
WCO ID / name / format / representation: reference/wco-dms-2.15-element-map.csv (checked equal).
National enumerations and UK-only facets are dropped on purpose."""
import csv, re, sys
from lxml import etree
SH = sys.argv[1] if len(sys.argv) > 1 else "/work/shared"
XS = "{http://www.w3.org/2001/XMLSchema}"
dec = etree.parse(f"{SH}/corpus/uk-dms-2.15/schemas/declaration/WCO_DEC_2_DMS.xsd").getroot()
cmap = {r["xpath"]: r for r in csv.DictReader(open(f"{SH}/reference/wco-dms-2.15-element-map.csv"))}
named = {ct.get("name"): ct for ct in dec.findall(XS + "complexType")}
REPR = {"udt:CodeType": "code", "udt:IDType": "id", "udt:TextType": "text", "udt:AmountType": "amount",
        "udt:MeasureType": "measure", "udt:QuantityType": "quantity", "udt:NumericType": "numeric",
        "udt:DateTimeType": "datetime", "udt:IndicatorType": "indicator"}
out = []
def card(e, top=False):
    mn = e.get("minOccurs", "1"); mx = e.get("maxOccurs", "1")
    return f"{mn}..{'n' if mx == 'unbounded' else mx}"
def doc(e, tag):
    t = e.find(f"{XS}annotation")
    if t is None: return ""
    for c in t.iter():
        if isinstance(c.tag, str) and etree.QName(c).localname == tag: return " ".join((c.text or "").split())
    return ""
def walk(e, path):
    ct = e.find(XS + "complexType")
    if ct is None and e.get("type") in named: ct = named[e.get("type")]
    m = cmap.get("/" + path)
    if ct is not None:  # class
        out.append([path, doc(e, "WCOID"), doc(e, "WCOName") or e.get("name"), "", card(e), "class", ""])
        seq = ct.find(XS + "sequence")
        for c in seq.findall(XS + "element"):
            walk(c, path + "/" + c.get("name"))
    else:
        base = next((f[5:] for f in m["facets"].split("; ") if f.startswith("base=")), "")
        assert (m["WCOID"], card(e)) == (doc(e, "WCOID"), f"{m['minOccurs']}..{'n' if m['maxOccurs']=='unbounded' else m['maxOccurs']}"), path
        out.append([path, m["WCOID"], " ".join(m["WCOName"].split()), m["WCOFormat"], card(e), REPR[base], doc(e, "WCOCodeRemarks")])
walk(dec.find(XS + "element"), "Declaration")
assert len(out) == 460 and {"/" + r[0] for r in out[1:]} == set(cmap), (len(out))

WIDER = "customisation: UK DMS 2.3 had {was}, tightened by 2.15; the WCO's generic cardinality is at least as wide"
notes = {}
for r in out:
    p = r[0]
    if re.search(r"/(Declarant|Exporter|Buyer|Seller|Importer)/(Contact|Communication)$", p) or p in ("Declaration/GoodsShipment/Payer", "Declaration/GoodsShipment/Surety"):
        notes[p] = WIDER.format(was="0..n")
notes["Declaration/GoodsShipment/GovernmentAgencyGoodsItem"] = WIDER.format(was="0..n")
notes["Declaration/FunctionCode"] = WIDER.format(was="0..1")
notes["Declaration/GoodsShipment/GovernmentAgencyGoodsItem/Packaging/SequenceNumeric"] = WIDER.format(was="0..1")
notes["Declaration/Consignment/ConsignmentItem"] = "customisation: UK limit (class added in DMS 2.12, like the 999 goods items); generic cardinality not public"
for r in out:
    if r[0] == "Declaration/GoodsShipment/GovernmentAgencyGoodsItem/Commodity/DutyTaxFee/TaxRateNumeric":
        notes[r[0]] = "format an..17,3 verbatim (sic); read as a decimal of 17 digits, 3 decimals"
    if r[5] == "datetime":
        notes[r[0]] = "an..35 as the WCO gives it; the DateTimeString pattern allows at most 17 characters"
ENV = [
    ["MetaData", "", "MetaData", "", "1..1", "class", "", "envelope (DocumentMetaData_2_DMS); holds the Declaration through a strict wildcard"],
    ["MetaData/WCODataModelVersionCode", "", "WCO Data Model Version", "an..6", "0..1", "code", "WCO code list", "not restricted to one version: wcodm picks the rule set from it"],
    ["MetaData/WCOTypeName", "", "WCO Type Name", "", "0..1", "text", "", "no WCO format given (DEC)"],
    ["MetaData/ResponsibleCountryCode", "", "Responsible Country", "a2", "0..1", "code", "EDIFACT codes (3207) = ISO 3166-1 2-alpha code", ""],
    ["MetaData/ResponsibleAgencyName", "", "Responsible Agency Name", "an..70", "0..1", "text", "", ""],
    ["MetaData/AgencyAssignedCustomizationCode", "", "Agency Assigned Customization", "an..6", "0..1", "code", "User codes", ""],
    ["MetaData/AgencyAssignedCustomizationVersionCode", "", "Agency Assigned Customization Version", "an..6", "0..1", "code", "User codes",
     "WCO format an..3, widened: real 3.6 messages send v2.1 (4 characters) and the DMS envelope checks no length"],
]
w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar=None)
print(open(sys.argv[2]).read(), end="")
w.writerow(["path", "wco_id", "name", "format", "card", "repr", "codelist", "note"])
for r in ENV: w.writerow(r)
for r in out: w.writerow(r + [notes.get(r[0], "")])
