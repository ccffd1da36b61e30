#!/usr/bin/env python3
"""Write the uk-cds profile's code lists (schemas/profiles/uk-cds/lists/*.tsv) from HMRC's public reference data in the
project's shared reference folder (../shared/reference/codelists/, HMRC repositories under Apache-2.0; commits in its
SOURCES.txt). Each list keeps its source, licence and commit in its header. Run from the repository root:
    python3 schemas/tools/uk-lists.py
Options (used by schemas/tools/uk-holdout.py): --samples FILE learns the codes accepted samples use only from the
samples FILE names (paths relative to the corpus, one a line) instead of all of them; --out DIR writes the lists there.
"""
import argparse, json, os, re

SHARED = os.environ.get("WCODM_SHARED", "../shared")
REF = os.path.join(SHARED, "reference", "codelists")
OUT = os.path.join("schemas", "profiles", "uk-cds", "lists")
LEARN_FROM = None  # None: every accepted sample; else the set of sample paths --samples names
WCO_DEC = ("hmrc/wco-dec", "d276808f97c1a3b8c3491b24c40a24974c622382", "src/main/resources/uk/gov/hmrc/wco/dec/")
FRONTEND = ("hmrc/customs-declare-exports-frontend", "4d58275efeaa1dbef30d40c220b45c12419f17cd", "conf/code-lists/")


def load(repo, path):
    folder = {"hmrc/wco-dec": "hmrc__wco-dec", "hmrc/customs-declare-exports-frontend": "hmrc__customs-declare-exports-frontend"}[repo[0]]
    return json.load(open(os.path.join(REF, folder, repo[2], path), encoding="utf-8"))


def pairs(data):
    for x in data:
        code = x.get("value", x.get("code"))
        name = x.get("display", x.get("en", ""))
        yield code.strip(), " ".join(str(name).split())


def observed(pattern):
    """Codes HMRC's own accepted Trade Test declarations use (../shared/corpus/uk-dms-2.15, the schema-valid samples of
    hmrc/customs-declarations at 3d05836938860de81b209559afe8d793725b9462, Apache-2.0): values of the element the
    regular expression `pattern` captures."""
    base = os.path.join(SHARED, "corpus", "uk-dms-2.15")
    out = set()
    for line in open(os.path.join(base, "expected.tsv"), encoding="utf-8").read().splitlines()[1:]:
        path, verdict = line.split("\t")[:2]
        if verdict != "valid" or (LEARN_FROM is not None and path not in LEARN_FROM):
            continue
        text = open(os.path.join(base, path), encoding="utf-8", errors="replace").read()
        out.update(m.strip() for m in re.findall(pattern, text, re.S))
    return out


SAMPLES = "used in a declaration CDS accepted (HMRC Trade Test samples, hmrc/customs-declarations 3d05836, Apache-2.0)"


def write(name, title, sources, rows, valid, seen=()):
    rows = {c: n for c, n in rows if re.fullmatch(valid, c)}
    added = sorted(c for c in seen if re.fullmatch(valid, c) and c not in rows)
    for c in added:
        rows[c] = SAMPLES
    rows = sorted(rows.items())
    lines = [f"# {title}", "# sources (Apache-2.0, HM Revenue & Customs), as of the commit named:"]
    for repo, path in sources:
        lines.append(f"#   github.com/{repo[0]} {repo[1]} {repo[2]}{path}")
    lines += [f"# written by schemas/tools/uk-lists.py; codes not of the form {valid} in the source are left out.",
              f"# {len(added)} codes the sources lack but CDS accepted are added, named '{SAMPLES}'.", "code\tname"]
    lines += [f"{c}\t{n}" for c, n in rows]
    os.makedirs(OUT, exist_ok=True)
    open(os.path.join(OUT, name + ".tsv"), "w", encoding="utf-8").write("\n".join(lines) + "\n")
    print(name, len(rows))


def main():
    global OUT, LEARN_FROM
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--samples", help="learn sample codes only from the accepted samples this file lists")
    args.add_argument("--out", help="write the lists to this folder (procedure-links.json to its parent)")
    a = args.parse_args()
    if a.out:
        OUT = a.out
    if a.samples:
        LEARN_FROM = set(open(a.samples, encoding="utf-8").read().split())
    # The exports service's four-digit procedure codes (requested + previous) name previous procedures the wco-dec list
    # lacks (the C21 codes 0012-0019); a code both name keeps wco-dec's name.
    halves = []
    for path in ("procedureCodes/procedureCodes.json", "procedureCodes/procedureCodesC21.json"):
        for code, name in pairs(load(FRONTEND, path)):
            halves += [(code[:2], f"requested procedure of {code}: {name}"), (code[2:], f"previous procedure of {code}: {name}")]
    write("procedure-codes", "DE 1/10 procedure codes: the two-digit requested and previous procedures CDS knows",
          [(FRONTEND, "procedureCodes/procedureCodes.json"), (FRONTEND, "procedureCodes/procedureCodesC21.json"),
           (WCO_DEC, "government-procedure-types.json")],
          halves + list(pairs(load(WCO_DEC, "government-procedure-types.json"))), r"[0-9]{2}",
          observed(r"<(?:\w+:)?(?:CurrentCode|PreviousCode)>([^<]*)<"))
    apc = list(pairs(load(WCO_DEC, "special-procedure-types.json")))
    apc += list(pairs(load(FRONTEND, "procedureCodes/additionalProcedureCodes.json")))
    apc += list(pairs(load(FRONTEND, "procedureCodes/additionalProcedureCodesC21.json")))
    write("additional-procedure-codes", "DE 1/11 additional procedure codes",
          [(WCO_DEC, "special-procedure-types.json"), (FRONTEND, "procedureCodes/additionalProcedureCodes.json"),
           (FRONTEND, "procedureCodes/additionalProcedureCodesC21.json")], apc, r"[0-9A-Z]{3}",
          observed(r"<(?:\w+:)?CurrentCode>([^<]*)<"))
    write("exit-offices", "DE 5/12 customs offices of exit", [(FRONTEND, "officeOfExits.json")],
          pairs(load(FRONTEND, "officeOfExits.json")), r"[A-Z]{2}[0-9A-Z]{6}",
          observed(r"<(?:\w+:)?ExitOffice>\s*<(?:\w+:)?ID>([^<]*)<"))
    offices = list(pairs(load(FRONTEND, "customsOffices.json"))) + list(pairs(load(WCO_DEC, "customs-offices.json")))
    write("customs-offices", "DE 5/26 customs offices of presentation and DE 5/27 supervising customs offices",
          [(FRONTEND, "customsOffices.json"), (WCO_DEC, "customs-offices.json")], offices, r"[A-Z]{2}[0-9A-Z]{6}",
          observed(r"<(?:\w+:)?(?:SupervisingOffice|PresentationOffice)>\s*<(?:\w+:)?ID>([^<]*)<"))
    write("document-codes", "DE 2/3 document codes (category letter and type, e.g. N935)",
          [(WCO_DEC, "allowed-additional-documents.json")], pairs(load(WCO_DEC, "allowed-additional-documents.json")),
          r"[0-9A-Z]{4}")
    links = load(FRONTEND, "procedureCodes/linkProcedureCodeToAdditionalProcedureCodes.json")
    lines = ["# DE 1/10 export procedure codes and the DE 1/11 additional procedure codes each allows",
             f"# source (Apache-2.0, HM Revenue & Customs): github.com/{FRONTEND[0]} {FRONTEND[1]} "
             f"{FRONTEND[2]}procedureCodes/linkProcedureCodeToAdditionalProcedureCodes.json",
             "# written by schemas/tools/uk-lists.py", "procedure\tadditional"]
    lines += [f"{x['parentCode']}\t{' '.join(x['childCodes'])}" for x in links]
    open(os.path.join(OUT, "export-procedure-links.tsv"), "w", encoding="utf-8").write("\n".join(lines) + "\n")
    print("export-procedure-links", len(links))
    # The rules these lists feed that a list reference (@name) cannot express: one per export procedure code (the
    # additional procedure codes it allows) and one per document category letter (the document types it has).
    item = "Declaration/GoodsShipment/GovernmentAgencyGoodsItem"
    link_src = f"github.com/{FRONTEND[0]} {FRONTEND[1]} {FRONTEND[2]}procedureCodes/linkProcedureCodeToAdditionalProcedureCodes.json (Apache-2.0)"
    rules = []
    for x in links:
        p = x["parentCode"]
        rules.append({
            "id": f"UK-APC-{p}", "severity": "error",
            "message": f"DE 1/11 additional procedure codes allowed with export procedure code {p} (DE 1/10)",
            "scope": item,
            "check": {"kind": "value-in", "field": "GovernmentProcedure/CurrentCode", "values": [p[:2]] + x["childCodes"]},
            "when": {"all": [{"field": "/Declaration/TypeCode", "starts_with": ["EX"]},
                             {"field": "GovernmentProcedure/CurrentCode", "in": [p[:2]]},
                             {"field": "GovernmentProcedure/PreviousCode", "in": [p[2:]]}]},
            "wco_ids": ["166", "161"], "source": link_src})
    docs = sorted(c for c, _ in pairs(load(WCO_DEC, "allowed-additional-documents.json")) if re.fullmatch(r"[0-9A-Z]{4}", c))
    doc_src = f"github.com/{WCO_DEC[0]} {WCO_DEC[1]} {WCO_DEC[2]}allowed-additional-documents.json (Apache-2.0), lists/document-codes.tsv"
    for letter in sorted({c[0] for c in docs}):
        rules.append({
            "id": f"UK-DOC-{letter}", "severity": "warning",
            "message": f"DE 2/3 document code: type of a category {letter} document",
            "scope": item + "/AdditionalDocument",
            "check": {"kind": "value-in", "field": "TypeCode", "values": [c[1:] for c in docs if c[0] == letter]},
            "when": {"field": "CategoryCode", "in": [letter]},
            "wco_ids": ["D031", "D006"],
            "source": doc_src + "; a warning: the list is HMRC's 2019-era one and newer codes exist"})
    pack = {"name": "uk-cds-lists", "description": "Rules generated by schemas/tools/uk-lists.py from HMRC's lists", "rules": rules}
    json.dump(pack, open(os.path.join(OUT, "..", "procedure-links.json"), "w", encoding="utf-8"), indent=1)
    print("procedure-links.json", len(rules), "rules")


if __name__ == "__main__":
    main()
