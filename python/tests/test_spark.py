"""wcodm.spark on Spark local[2] over the whole UK corpus: the CLI's verdicts and diagnostics,
from a folder (binaryFile) and from a table's column of bytes; the data-quality summary against
the CLI's; the rule set compiled once per Python worker."""

import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pyarrow as pa
import pytest
from pyspark.sql import DataFrame, SparkSession

import wcodm
from wcodm import spark as ws
from conftest import CORPUS, REPO, TODAY, UK_SCHEMA, run_cli

UK_PACK = REPO / "examples" / "packs" / "uk-cds.json"


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers import this environment's wcodm
    session = (
        SparkSession.builder.master("local[2]")
        .appName("wcodm-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        # Declarations are small files: count each at its size plus 64 KiB, not 4 MB, or every
        # 32 files make a task of their own (README "On Spark").
        .config("spark.sql.files.openCostInBytes", str(64 << 10))
        # The corpus's 285 folders are listed on the driver, not by a Spark job of 285 tasks.
        .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def by_file(results: DataFrame, strip: str = "file:") -> Dict[str, Dict[str, Any]]:
    """The result rows regrouped as the CLI's records (rows of one message stay in order)."""
    records: Dict[str, Dict[str, Any]] = {}
    for row in results.collect():
        name = row["file"][len(strip):] if row["file"].startswith(strip) else row["file"]
        r = records.setdefault(
            name,
            {
                "valid": row["valid"],
                "version": row["version"],
                "category": row["category"],
                "truncated": row["truncated"],
                "diagnostics": [],
            },
        )
        if row["code"] is not None:
            r["diagnostics"].append({k: row[k] for k in DIAGNOSTIC_KEYS})
    return records


DIAGNOSTIC_KEYS = [
    "code", "rule", "severity", "message", "path", "line", "column", "wco_id", "wco_pointer", "national_code", "location",
    "wco_names",
]


@pytest.mark.parametrize(
    "make, args",
    [
        (lambda: ws.RuleSet.xsd(UK_SCHEMA, ship=True, today=TODAY), ["--schema", str(UK_SCHEMA)]),
        (lambda: ws.RuleSet.xsd(UK_SCHEMA, today=TODAY), ["--schema", str(UK_SCHEMA)]),
        (lambda: ws.RuleSet.builtin(rules=[UK_PACK], ship=True, today=TODAY), ["--rules", str(UK_PACK)]),
        (
            lambda: ws.RuleSet.xsd(UK_SCHEMA, profile="uk-cds", ship=True, today=TODAY),
            ["--schema", str(UK_SCHEMA), "--profile", "uk-cds"],
        ),
    ],
    ids=["uk-schema-shipped", "uk-schema-by-path", "builtin-uk-pack-shipped", "uk-schema-uk-cds-profile"],
)
def test_a_folder_gives_the_cli_verdicts_and_diagnostics(
    spark: SparkSession, cli: Path, corpus_files: List[Path], make: Any, args: List[str]
) -> None:
    expected = run_cli(cli, ["--today", TODAY, *args], corpus_files)
    for record in expected.values():
        record.pop("profile")  # a result row has the category, not the profile's name
    results = ws.validate_files(spark, CORPUS / "declarations", make())
    got = by_file(results)
    assert sorted(got) == sorted(expected)
    for name, record in expected.items():
        assert got[name] == record, name
    verdicts = {r["file"]: r for r in ws.verdicts(results).collect()}
    assert len(verdicts) == len(expected)
    assert sum(r["valid"] for r in verdicts.values()) == sum(r["valid"] for r in expected.values())
    assert sum(r["errors"] + r["warnings"] for r in verdicts.values()) == sum(
        len(r["diagnostics"]) for r in expected.values()
    )


def test_a_column_of_bytes_gives_what_python_gives(spark: SparkSession, corpus_files: List[Path]) -> None:
    rule_set = ws.RuleSet.builtin(rules=[UK_PACK], profile="uk-cds", today=TODAY)
    table = spark.createDataFrame(
        [(f"decl-{i}", f.read_bytes()) for i, f in enumerate(corpus_files)], "declaration_id string, xml binary"
    ).repartition(3)
    got = by_file(ws.validate_table(table, rule_set, content="xml", file="declaration_id"))
    reports = rule_set.compile().validate_many(corpus_files)
    want = {f"decl-{i}": r.to_dict() for i, r in enumerate(reports)}
    for record in want.values():
        record.pop("profile")
    assert any(record["category"] for record in want.values())
    assert got == want


def test_the_summary_counts_what_the_cli_summary_counts(spark: SparkSession, cli: Path, corpus_files: List[Path]) -> None:
    import json
    import subprocess

    out = subprocess.run(
        [str(cli), "validate", "--format", "ndjson", "--today", TODAY, "--rules", str(UK_PACK), *map(str, corpus_files)],
        capture_output=True,
        text=True,
    )
    top = json.loads(out.stdout.splitlines()[-1])["top"]
    results = ws.validate_files(spark, CORPUS / "declarations", ws.RuleSet.builtin(rules=[UK_PACK], today=TODAY))
    rows = ws.summary(results, top=10_000).collect()
    counts: Dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["problem"]] += row["count"]
        assert "[" not in row["field"]
    assert top, "the corpus has problems to count"
    for entry in top:
        assert counts[entry["problem"]] == entry["count"], entry["problem"]
    first = ws.summary(results, top=1).collect()
    assert first[0]["count"] == max(r["count"] for r in rows)


def test_the_rule_set_is_compiled_once_per_worker_not_per_batch(spark: SparkSession, corpus_files: List[Path]) -> None:
    # In this process: many batches, one compile.
    rule_set = ws.RuleSet.builtin("3.6", max_errors=7)
    run = ws.validate_batches(lambda: rule_set, "content", "file")
    batches = [
        pa.RecordBatch.from_pydict({"file": [f.name], "content": [f.read_bytes()]}) for f in corpus_files[:20]
    ]
    assert sum(b.num_rows for b in run(iter(batches))) >= 20
    assert sum(b.num_rows for b in run(iter(batches))) >= 20
    assert ws.COMPILES[rule_set.digest] == 1
    # On Spark: 16 tasks of small batches on local[2]'s reused Python workers; each worker
    # reports how often it compiled that rule set.
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "5")
    try:
        shipped = ws.RuleSet.builtin(today=TODAY, max_errors=99)
        table = spark.createDataFrame([(f.name, f.read_bytes()) for f in corpus_files], "file string, content binary")
        assert ws.validate_table(table.repartition(16), shipped).count() >= len(corpus_files)
        probe = spark.sparkContext.parallelize(range(8), 8).map(
            lambda _: (os.getpid(), __import__("wcodm.spark").spark.COMPILES.get(shipped.digest, 0))
        )
        per_worker = dict(probe.collect())
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    assert per_worker and all(n <= 1 for n in per_worker.values()), per_worker


def test_bad_rule_sets_fail_on_the_driver_before_any_job(tmp_path: Path) -> None:
    with pytest.raises(wcodm.SchemaError):
        ws.RuleSet.xsd(tmp_path / "missing.xsd")
    with pytest.raises(FileNotFoundError):
        ws.RuleSet.xsd(tmp_path / "missing.xsd", ship=True)
    with pytest.raises(wcodm.RulePackError):
        ws.RuleSet.builtin(rules=[b"{"])
    with pytest.raises(wcodm.OptionError):
        ws.RuleSet.builtin("5.0")
    assert ws.RuleSet.builtin("3.6").digest != ws.RuleSet.builtin("3.7").digest


def test_rows_carry_the_wco_pointer_in_words(spark: SparkSession, tmp_path: Path) -> None:
    # A real UK declaration (Trade Test IM117a) whose transport equipment ID (WCO 159, an..17)
    # is made 21 characters long, in a column of bytes, against HMRC's DMS 2.15 schema set.
    xml = (CORPUS / "declarations" / "TT_IM117a" / "Step1_TT_IM117a.xml").read_bytes()
    assert xml.count(b"<ID>AD12345</ID>") == 1
    broken = xml.replace(b"<ID>AD12345</ID>", b"<ID>AD1234567890123456789</ID>")
    table = spark.createDataFrame([("im117a", broken)], "declaration_id string, xml binary")
    rows = ws.validate_table(table, ws.RuleSet.xsd(UK_SCHEMA, ship=True), content="xml", file="declaration_id").collect()
    assert [(r["code"], r["wco_pointer"], r["wco_names"]) for r in rows] == [
        (
            "length",
            "42A/67A[1]/68A[1]/23A/31B[1]#159",
            "Declaration / GoodsShipment[1] / GovernmentAgencyGoodsItem[1] / Commodity / TransportEquipment[1]"
            " / Equipment identification number",
        )
    ]
