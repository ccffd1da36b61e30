"""Validate a folder of declarations on Spark and write the results as Parquet.

    python python/examples/spark_job.py DECLARATIONS/ OUT/ [--schema ROOT.xsd] [--rules PACK.json]...
                                        [--profile uk-cds] [--master local[2]] [--today YYYY-MM-DD]

Writes OUT/results.parquet (one row per diagnostic, one per message without any) and
OUT/summary.parquet (the most frequent problems by field), and prints the verdict counts and
the summary. Without --schema the built-in WCO rule sets are used, each message against the
version it claims. The schema set and packs are shipped to the executors as bytes.
"""

import argparse
import os
import sys

from pyspark.sql import SparkSession

from wcodm import spark as ws


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    args.add_argument("input", help="a folder (searched recursively for *.xml) or a file")
    args.add_argument("output", help="the folder to write results.parquet and summary.parquet into")
    args.add_argument("--schema", help="the root XSD of a schema set (default: the built-in WCO rule sets)")
    args.add_argument("--rules", action="append", default=[], help="a rule pack (JSON); repeatable")
    args.add_argument("--profile", help="a national profile (built-in name such as uk-cds, or a folder)")
    args.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's)")
    args.add_argument("--today", help="the day date rules take as today (YYYY-MM-DD)")
    a = args.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName("wcodm")
        .config("spark.ui.showConsoleProgress", "false")
        # Declarations are small files: count each at its size plus 64 KiB, not Spark's 4 MB, or
        # every 32 files make a task of their own (BENCHMARKS.md, Python and Spark).
        .config("spark.sql.files.openCostInBytes", str(64 << 10))
    )
    if a.master:
        builder = builder.master(a.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")

    if a.schema:
        rule_set = ws.RuleSet.xsd(a.schema, rules=a.rules, profile=a.profile, ship=True, today=a.today)
    else:
        rule_set = ws.RuleSet.builtin("auto", rules=a.rules, profile=a.profile, ship=True, today=a.today)
    results = ws.validate_files(spark, a.input, rule_set)
    results.write.mode("overwrite").parquet(os.path.join(a.output, "results.parquet"))

    # Read back what was written: the validation runs once.
    written = spark.read.parquet(os.path.join(a.output, "results.parquet"))
    summary = ws.summary(written)
    summary.write.mode("overwrite").parquet(os.path.join(a.output, "summary.parquet"))
    ws.verdicts(written).groupBy("valid", "category").count().orderBy("valid", "category").show(100)
    summary.show(truncate=70)
    spark.stop()


if __name__ == "__main__":
    main()
