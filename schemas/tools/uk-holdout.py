#!/usr/bin/env python3
"""Hold-out check of the uk-cds profile: how often would it give a false error on an accepted UK declaration it has
not seen?

The profile learns two things from HMRC's accepted Trade Test samples (../shared/corpus/uk-dms-2.15): the codes the
samples use that HMRC's lists lack (schemas/tools/uk-lists.py adds them), and which requirement rows the samples
contradict (exceptions.tsv rows of basis `measured`: warnings instead of errors). This script splits the accepted
samples into folds (by sample folder, so the steps of one scenario stay together, stratified by the category the profile
derives), rebuilds both from the training folds only, in a scratch copy of the profile (exceptions.tsv rows of basis
`source`, decided by a published source, are kept), and counts the errors that copy raises on the held-out fold. Every
error there is a false error, except the samples' own defects that tests/profile-uk.md lists ("Sample defects": an
error a published source gives and the sample breaks), counted apart. The shipped profile is not touched.

Run from the repository root after `cargo build --release`:
    python3 schemas/tools/uk-holdout.py [--folds 5] [--bin target/release/wcodm] [--work DIR]
"""
import argparse, collections, itertools, hashlib, json, os, re, shutil, subprocess, sys, tempfile

SHARED = os.environ.get("WCODM_SHARED", "../shared")
CORPUS = os.path.join(SHARED, "corpus", "uk-dms-2.15")
PROFILE = os.path.join("schemas", "profiles", "uk-cds")


def sample_defects():
    """(file, rule) of the errors tests/profile-uk.md lists as the samples' own defects."""
    text = open(os.path.join("tests", "profile-uk.md"), encoding="utf-8").read()
    section = text[text.index("## Sample defects\n"):]
    lines = section.splitlines()[1:]
    start = next(i for i, l in enumerate(lines) if l.startswith("|"))
    rows = list(itertools.takewhile(lambda l: l.startswith("|"), lines[start:]))
    found = set()
    for l in rows[2:]:
        cells = [c.strip().strip("`") for c in l.strip("|").split("|")]
        found.add((cells[0], cells[1]))
    return found


def accepted():
    lines = open(os.path.join(CORPUS, "expected.tsv"), encoding="utf-8").read().splitlines()[1:]
    return [l.split("\t")[0] for l in lines if l.split("\t")[1] == "valid"]


def run(binary, profile, files):
    """Per file, the error diagnostics (rule or code, message) and the derived category."""
    listing = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    listing.write("\n".join(files) + "\n")
    listing.close()
    out = subprocess.run(
        [binary, "validate", "--schema", "schemas/customs/wrapper_submit.xsd", "--profile", os.path.abspath(profile),
         "--format", "ndjson", "--max-errors", "0", "--files-from", listing.name],
        cwd=CORPUS, capture_output=True, text=True)
    os.unlink(listing.name)
    if out.returncode not in (0, 1):
        sys.exit(f"wcodm failed ({out.returncode}): {out.stderr.strip()}")
    result = {}
    for line in out.stdout.splitlines():
        r = json.loads(line)
        if r.get("summary"):
            continue
        errors = [(d.get("rule") or d["code"], d["message"]) for d in r["diagnostics"] if d["severity"] == "error"]
        result[r["file"]] = (errors, r.get("category") or "-")
    return result


def folds_of(files, categories, k):
    """Sample folders assigned to k folds, round robin within each category in a fixed pseudo-random order."""
    folder = lambda f: f.split("/")[1]
    by_cat = collections.defaultdict(set)
    for f in files:
        by_cat[categories[f]].add(folder(f))
    fold = {}
    for cat in sorted(by_cat):
        for i, d in enumerate(sorted(by_cat[cat], key=lambda d: hashlib.sha1(d.encode()).hexdigest())):
            fold[d] = i % k
    return {f: fold[folder(f)] for f in files}


def main():
    args = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    args.add_argument("--folds", type=int, default=5)
    args.add_argument("--bin", default=os.path.join("target", "release", "wcodm"))
    args.add_argument("--work", help="scratch folder (default: a temporary one, removed)")
    a = args.parse_args()
    binary = os.path.abspath(a.bin)
    work = a.work or tempfile.mkdtemp(prefix="uk-holdout-")
    files = accepted()
    full = run(binary, PROFILE, files)
    shipped = sum(len(e) for e, _ in full.values())
    categories = {f: full[f][1] for f in files}
    fold = folds_of(files, categories, a.folds)
    by_rule = collections.Counter()
    defects = sample_defects()
    defect_errors = []
    rows = []
    for k in range(a.folds):
        train = [f for f in files if fold[f] != k]
        held = [f for f in files if fold[f] == k]
        copy = os.path.join(work, f"fold{k}")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(PROFILE, copy)
        samples = os.path.join(work, f"train{k}.txt")
        open(samples, "w", encoding="utf-8").write("\n".join(train) + "\n")
        subprocess.run([sys.executable, os.path.join("schemas", "tools", "uk-lists.py"), "--samples", samples,
                        "--out", os.path.join(copy, "lists")], check=True, capture_output=True)
        # exceptions.tsv as the training samples alone would have measured it (the requirement rows they contradict),
        # beside the rows a published source decided.
        exceptions = os.path.join(copy, "exceptions.tsv")
        lines = open(os.path.join(PROFILE, "exceptions.tsv"), encoding="utf-8").read().splitlines()
        sourced = [l for l in lines if not l.startswith("#") and l.endswith("\tsource")]
        open(exceptions, "w", encoding="utf-8").write("rule\treason\tbasis\n" + "".join(l + "\n" for l in sourced))
        kept = {l.split("\t")[0] for l in sourced}
        learned = collections.defaultdict(set)
        for f, (errors, _) in run(binary, copy, train).items():
            for rule, _ in errors:
                if "-DE" in rule and (f, rule) not in defects:
                    learned[rule].add(f.split("/")[1])
        open(exceptions, "a", encoding="utf-8").write("".join(
            f"{r}\tcontradicted by {len(s)} training sample(s)\tmeasured\n" for r, s in sorted(learned.items())
            if r not in kept))
        still = {f: e for f, (e, _) in run(binary, copy, train).items()
                 if [x for x in e if (f, x[0]) not in defects]}
        if still:
            sys.exit(f"fold {k}: the training samples still get errors: {still}")
        result = run(binary, copy, held)
        errs = collections.Counter()
        for f, (errors, cat) in sorted(result.items()):
            for rule, message in errors:
                if (f, rule) in defects:
                    defect_errors.append((k, f, rule))
                    continue
                errs[rule] += 1
                by_rule[rule] += 1
                print(f"fold {k}\t{cat}\t{f}\t{rule}\t{message}")
        wrong = sum(1 for f, (e, _) in result.items() if [x for x in e if (f, x[0]) not in defects])
        rows.append((k, len({f.split('/')[1] for f in held}), len(held), wrong, errs))
    print()
    print("| fold | sample folders | files | files with a false error | false errors by rule |")
    print("|---|---|---|---|---|")
    for k, folders, n, wrong, errs in rows:
        text = ", ".join(f"{r} {c}" for r, c in sorted(errs.items())) or "none"
        print(f"| {k} | {folders} | {n} | {wrong} | {text} |")
    total_wrong = sum(r[3] for r in rows)
    print(f"| all | {sum(r[1] for r in rows)} | {len(files)} | {total_wrong} | "
          + (", ".join(f"{r} {c}" for r, c in sorted(by_rule.items())) or "none") + " |")
    for k, f, rule in defect_errors:
        print(f"fold {k}: {f} {rule}: the sample's own defect (tests/profile-uk.md), not counted")
    print(f"\nshipped profile on all {len(files)} accepted samples: {shipped} errors ({len(defects)} listed as the "
          f"samples' own defects); held out: {total_wrong} of {len(files)} files ({100 * total_wrong / len(files):.1f}%) "
          f"get a false error")
    if not a.work:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
