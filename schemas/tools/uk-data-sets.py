#!/usr/bin/env python3
"""Copy the UK CDS declaration category data sets from ../shared/reference/uk-category-data-sets/ into
schemas/profiles/uk-cds/data-sets/, adding an `origin` column: `gov.uk` for rows taken from the GOV.UK page,
`third-party` for rows a file's header says come from a third-party copy (part 2 of a MIXED file).

The tables are Crown copyright, published under the Open Government Licence v3.0; each copy keeps its source's
header (address, date, fidelity) verbatim. Run from the repository root:  python3 schemas/tools/uk-data-sets.py

data-sets/H7.tsv is not among them: the shared reference data has no H7 table, and H7.tsv was transcribed directly from
a stored copy of the GOV.UK page (its header says which); this script leaves it as it is.
"""
import os, re, sys

SHARED = os.environ.get("WCODM_SHARED", "../shared")
SRC = os.path.join(SHARED, "reference", "uk-category-data-sets")
OUT = os.path.join("schemas", "profiles", "uk-cds", "data-sets")
FILES = ["H1", "H2", "I1-CF", "I1-BE", "B1", "B2", "C1-CF", "C1-BE", "C21i", "FSD"]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in FILES:
        lines = open(os.path.join(SRC, name + ".tsv"), encoding="utf-8").read().splitlines()
        header = [l for l in lines if l.startswith("#")]
        rows = [l for l in lines if not l.startswith("#") and l.strip()]
        # MIXED files: "# part 1, rows 1/1-5/8 ..." - rows after the last part-1 row are third-party.
        part1 = None
        for l in header:
            m = re.match(r"# part 1, rows [0-9/]+-([0-9/]+)", l)
            if m:
                part1 = m.group(1)
        out = [
            f"# Copied by schemas/tools/uk-data-sets.py from the project's shared reference data ({name}.tsv); the",
            "# source's own header follows verbatim. Added: the `origin` column (gov.uk = a row of the GOV.UK page;",
            "# third-party = a row of a third-party copy, enforced only where CDS's accepted samples agree).",
            "# Contains public sector information licensed under the Open Government Licence v3.0.",
        ] + header
        out.append(rows[0] + "\torigin")
        third = False
        for r in rows[1:]:
            cells = r.split("\t")
            while len(cells) < 5:
                cells.append("")
            out.append("\t".join(cells[:5] + ["third-party" if third else "gov.uk"]))
            if part1 is not None and cells[0] == part1:
                third = True
        open(os.path.join(OUT, name + ".tsv"), "w", encoding="utf-8").write("\n".join(out) + "\n")
        print(name, len(rows) - 1, "rows", "(mixed)" if part1 else "")


if __name__ == "__main__":
    sys.exit(main())
