#!/usr/bin/env python3
"""Drafts schemas/wco-3.6/declaration.tsv from the element map of a real WCO DM 3.6
customisation (UK CDS DMS 2.15, ../shared/reference/wco-dms-2.15-element-map.csv).

Run once by the project to write the first draft; the table is the project's own file from then
on (reviewed and edited by hand). What it keeps: every path, its WCO ID, WCO name, WCO format,
cardinality and representation (the UN/CEFACT type the leaf uses). What it drops on purpose:
national enumerations (UK-only code lists) and every other UK-specific facet: the built-in
rule set checks the WCO format, code lists are checked by rule packs.

usage: schemas/tools/derive-3.6.py [ELEMENT_MAP.csv] > schemas/wco-3.6/declaration.tsv
"""
import csv, sys

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/wco-dms-2.15-element-map.csv"
REPR = {"udt:CodeType": "code", "udt:IDType": "id", "udt:TextType": "text", "udt:AmountType": "amount",
        "udt:MeasureType": "measure", "udt:QuantityType": "quantity", "udt:NumericType": "numeric",
        "udt:DateTimeType": "datetime"}
ENVELOPE = [  # the MetaData envelope (DocumentMetaData_2_DMS.xsd), all optional
    ("MetaData", "", "Document Meta Data", "", "1..1", "class"),
    ("MetaData/WCODataModelVersionCode", "", "WCO Data Model Version", "an..6", "0..1", "code"),
    ("MetaData/WCOTypeName", "", "WCO Type Name", "an..70", "0..1", "text"),
    ("MetaData/ResponsibleCountryCode", "", "Responsible Country", "a2", "0..1", "code"),
    ("MetaData/ResponsibleAgencyName", "", "Responsible Agency Name", "an..70", "0..1", "text"),
    ("MetaData/AgencyAssignedCustomizationCode", "", "Agency Assigned Customization", "an..6", "0..1", "code"),
    # The WCO gives an..3, but customisations write versions like "v2.1" and the DMS envelope
    # schema does not check the length (a free token): an..9 accepts what is really sent.
    ("MetaData/AgencyAssignedCustomizationVersionCode", "", "Agency Assigned Customization Version", "an..9", "0..1", "code"),
]
out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
print("# WCO Data Model 3.6: the Declaration (DEC) and its MetaData envelope, as wcodm checks it.")
print("# One row per class or data element, in the order the elements appear. Format in WCO notation;")
print("# card = min..max (n = unbounded); repr = the UN/CEFACT representation of a leaf, which decides its")
print("# attributes (see schemas/README.md). Paths, IDs, names, formats and cardinalities as used by the UK")
print("# CDS customisation of WCO DM 3.6 (DMS 2.15, HMRC, Apache-2.0); national code lists left out.")
out.writerow(["path", "wco_id", "name", "format", "card", "repr", "codelist"])
for row in ENVELOPE:
    out.writerow(list(row) + [""])
out.writerow(["MetaData/Declaration", "42A", "Declaration", "", "1..1", "class", ""])
for r in csv.DictReader(open(src)):
    path = "MetaData" + r["xpath"]
    if path == "MetaData/Declaration":
        continue
    base = next((f[5:] for f in r["facets"].split("; ") if f.startswith("base=")), "")
    repr_ = REPR.get(base, "class")
    mx = r["maxOccurs"]
    card = f"{r['minOccurs']}..{'n' if mx == 'unbounded' else mx}"
    out.writerow([path, r["WCOID"], " ".join(r["WCOName"].split()), r["WCOFormat"] if repr_ != "class" else "", card, repr_, ""])
