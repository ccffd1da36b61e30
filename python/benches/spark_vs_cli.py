"""Spark local[N] against the CLI with N threads on the UK corpus times K, in one run.

    python python/benches/spark_vs_cli.py [--copies 10] [--runs 3] [--cores 2] [--cli target/release/wcodm]

Makes K copies of the UK corpus's declarations in a temporary folder, then, in alternation, for
each run: the CLI (`wcodm validate --jobs N --schema UK --format ndjson`, output to /dev/null);
Spark on the folder (binaryFile, the UK schema set shipped, results to Spark's no-op sink, so
every row is made and nothing is written); the same Spark job with a pass-through function
instead of wcodm (what reading and moving the bytes costs); and Spark on the same messages
packed into Parquet (4 files). Before the runs: one Spark job to start the Python workers (not
timed), and wcodm alone in this process (validate_rows on one thread, and on N) for the
ceiling; the same empty Python job each run (Spark's fixed cost of a job); and, after the
runs, Spark on ten times as much data packed in Parquet. Prints each time, the best and median
of each, and the ratios. Spark reads small files with spark.sql.files.openCostInBytes at 64 KiB.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, Iterator, List

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("WCODM_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "uk-dms-2.15"
UK_SCHEMA = CORPUS / "schemas" / "customs" / "wrapper_submit.xsd"


def timed(f: Callable[[], object]) -> float:
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--copies", type=int, default=10)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--cores", type=int, default=2)
    p.add_argument("--cli", default=str(REPO / "target" / "release" / "wcodm"))
    a = p.parse_args()

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    import pyarrow as pa
    from pyspark.sql import SparkSession

    from wcodm import spark as ws

    work = Path(tempfile.mkdtemp(prefix="wcodm-bench-"))
    try:
        folder = work / "declarations"
        sources = sorted((CORPUS / "declarations").rglob("*.xml"))
        for k in range(a.copies):
            for f in sources:
                target = folder / f"copy{k}" / f.relative_to(CORPUS / "declarations")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, target)
        files = sorted(folder.rglob("*.xml"))
        size = sum(f.stat().st_size for f in files)
        mb = size / 1e6
        print(f"{len(files)} files, {mb:.1f} MB ({a.copies} copies of the UK corpus), {a.cores} cores")

        # wcodm alone, in this process: the ceiling.
        rule_set = ws.RuleSet.xsd(UK_SCHEMA, ship=True)
        v = rule_set.compile()
        contents = [f.read_bytes() for f in files]
        names = [str(f) for f in files]
        one = min(timed(lambda: v.validate_rows(contents, names, threads=1)) for _ in range(2))
        many = min(timed(lambda: v.validate_rows(contents, names, threads=a.cores)) for _ in range(2))
        print(f"in process, validate_rows: 1 thread {one:.3f} s ({mb / one:.0f} MB/s), {a.cores} threads {many:.3f} s ({mb / many:.0f} MB/s)")

        start = time.perf_counter()
        spark = (
            SparkSession.builder.master(f"local[{a.cores}]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
            # Small files: a partition's files are counted at their size plus this much (4 MB by
            # default, which makes a task of every 32 declarations; README "On Spark").
            .config("spark.sql.files.openCostInBytes", str(64 << 10))
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        print(f"Spark session start: {time.perf_counter() - start:.1f} s (not counted below)")

        def passthrough(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for b in batches:
                n = b.num_rows
                yield pa.RecordBatch.from_pydict(
                    {"file": b.column("path").to_pylist(), "size": [len(x) for x in b.column("content").to_pylist()]}
                )
                del n

        def passthrough_ids(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            yield from batches

        def read_folder():  # type: ignore[no-untyped-def]
            return (
                spark.read.format("binaryFile")
                .option("pathGlobFilter", "*.xml")
                .option("recursiveFileLookup", "true")
                .load(str(folder))
            )

        packed = work / "packed.parquet"
        read_folder().selectExpr("path as file", "content").repartition(4).write.parquet(str(packed))

        def spark_folder() -> None:
            ws.validate_files(spark, folder, rule_set).write.format("noop").mode("overwrite").save()

        def spark_passthrough() -> None:
            read_folder().mapInArrow(passthrough, "file string, size long").write.format("noop").mode(
                "overwrite"
            ).save()

        def spark_packed() -> None:
            table = spark.read.parquet(str(packed))
            ws.validate_table(table, rule_set, content="content", file="file").write.format("noop").mode(
                "overwrite"
            ).save()

        def spark_empty() -> None:
            spark.range(0, 2, 1, 2).mapInArrow(passthrough_ids, "id long").write.format("noop").mode(
                "overwrite"
            ).save()

        big = work / "packed-x10.parquet"
        ten = spark.read.parquet(str(packed))
        for _ in range(9):
            ten = ten.union(spark.read.parquet(str(packed)))
        ten.repartition(8).write.parquet(str(big))
        big_tasks = spark.read.parquet(str(big)).rdd.getNumPartitions()

        def spark_packed_big() -> None:
            table = spark.read.parquet(str(big))
            ws.validate_table(table, rule_set, content="content", file="file").write.format("noop").mode(
                "overwrite"
            ).save()

        def cli() -> None:
            subprocess.run(
                [a.cli, "validate", "--jobs", str(a.cores), "--schema", str(UK_SCHEMA), "--format", "ndjson", str(folder)],
                stdout=subprocess.DEVNULL,
                check=False,
            )

        spark_folder()  # starts the Python workers
        jobs: Dict[str, Callable[[], None]] = {
            "cli": cli,
            "spark-folder": spark_folder,
            "spark-passthrough": spark_passthrough,
            "spark-packed-parquet": spark_packed,
            "spark-empty-job": spark_empty,
        }
        times: Dict[str, List[float]] = {name: [] for name in jobs}
        for run in range(a.runs):
            for name, job in jobs.items():
                t = timed(job)
                times[name].append(t)
                print(f"run {run + 1} {name:22} {t:6.3f} s  {mb / t:6.1f} MB/s  {len(files) / t:7.0f} files/s")
        best = {name: min(ts) for name, ts in times.items()}
        median = {name: statistics.median(ts) for name, ts in times.items()}
        print(f"best and median of {a.runs}")
        for name in jobs:
            t, m = best[name], median[name]
            print(f"  {name:22} best {t:6.3f} s  {mb / t:6.1f} MB/s ({mb / t / a.cores:.1f} per core)  median {m:6.3f} s  {mb / m:6.1f} MB/s")
        t = min(timed(spark_packed_big) for _ in range(2))
        print(
            f"spark-packed-parquet x10 more ({10 * len(files)} messages, {10 * mb:.0f} MB, {big_tasks} tasks): best of 2 {t:.3f} s "
            f"{10 * mb / t:.1f} MB/s ({10 * mb / t / a.cores:.1f} MB/s per core)"
        )
        for name in ("spark-folder", "spark-packed-parquet"):
            print(
                f"{name} / cli throughput: {best['cli'] / best[name]:.0%} (best), {median['cli'] / median[name]:.0%} (median)"
            )
        spark.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
