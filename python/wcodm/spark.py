"""Validate declarations on Apache Spark: a folder of XML files, or a column of bytes in a table.

>>> from pyspark.sql import SparkSession
>>> from wcodm import spark as ws
>>> session = SparkSession.builder.master("local[2]").getOrCreate()
>>> rules = ws.RuleSet.xsd("schemas/customs/wrapper_submit.xsd", ship=True)
>>> results = ws.validate_files(session, "declarations/", rules)
>>> results.write.parquet("results.parquet")
>>> ws.summary(results).show()

The result has one row per diagnostic, and one row (with empty diagnostic columns) for each
message that has none: ``file``, ``valid``, ``version``, ``category`` (the declaration
category a national profile derives), ``truncated``, ``code``, ``rule``,
``severity``, ``message``, ``path``, ``line``, ``column``, ``wco_id``, ``wco_pointer``,
``national_code``, ``location``, ``wco_names`` (the WCO pointer in words; ``RESULT_SCHEMA``). ``verdicts`` turns it into one row per message,
``summary`` into the most frequent problems by field.

Messages are validated with ``mapInArrow``. Each Python worker compiles the rule set once, the
first time a task needs it, and keeps it in a module-level cache keyed by the rule set's digest,
so later batches and tasks on that worker reuse it. A ``RuleSet`` names its schema set and rule
packs by path (every executor must see the same files) or carries them as bytes
(``ship=True``), which are sent to the executors once, as a broadcast variable.
"""

from __future__ import annotations

import hashlib
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, Optional, Sequence, Tuple, Union

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType

from ._wcodm import Validator

StrPath = Union[str, "os.PathLike[str]"]

RESULT_SCHEMA = StructType(
    [
        StructField("file", StringType(), False),
        StructField("valid", BooleanType(), False),
        StructField("version", StringType(), True),
        StructField("category", StringType(), True),
        StructField("truncated", BooleanType(), False),
        StructField("code", StringType(), True),
        StructField("rule", StringType(), True),
        StructField("severity", StringType(), True),
        StructField("message", StringType(), True),
        StructField("path", StringType(), True),
        StructField("line", LongType(), True),
        StructField("column", LongType(), True),
        StructField("wco_id", StringType(), True),
        StructField("wco_pointer", StringType(), True),
        StructField("national_code", StringType(), True),
        StructField("location", StringType(), True),
        StructField("wco_names", StringType(), True),
    ]
)
"""The columns of a result: one row per diagnostic, one per message without any."""

_ARROW_TYPES = {"string": pa.string(), "boolean": pa.bool_(), "long": pa.int64()}
_ARROW_SCHEMA = pa.schema(
    [pa.field(f.name, _ARROW_TYPES[f.dataType.typeName()], f.nullable) for f in RESULT_SCHEMA.fields]
)

_XSD = "{http://www.w3.org/2001/XMLSchema}"


@dataclass(frozen=True)
class RuleSet:
    """What validates the messages, as a small value that Spark ships to its executors.

    Build one with ``RuleSet.builtin`` or ``RuleSet.xsd``. Paths must name the same files on
    every executor (a shared or distributed file system); with ``ship=True`` the files' bytes
    travel with the rule set instead.
    """

    version: str = "auto"
    """A built-in version (``"auto"``, ``"3.6"``, ...) when no schema set is given."""
    schema: Optional[str] = None
    """The root XSD path of a schema set; reports give it as their ``version``."""
    schema_files: Optional[Tuple[Tuple[str, bytes], ...]] = None
    """The schema set's documents (name, bytes) when shipped; ``schema_root`` names the root."""
    schema_root: Optional[str] = None
    rules: Tuple[Union[str, bytes], ...] = ()
    """Rule packs: paths, or their JSON text as bytes."""
    profile: Optional[str] = None
    """A national profile: a built-in name (``"uk-cds"``, nothing to ship) or a folder path."""
    mask_values: bool = False
    max_errors: int = 100
    today: Optional[str] = None
    digest: str = field(default="", compare=False)
    """What the workers' cache is keyed by (computed from the fields above)."""

    def __post_init__(self) -> None:
        h = hashlib.sha256()
        parts = (self.version, self.schema, self.schema_root, self.profile, self.mask_values, self.max_errors, self.today)
        for part in parts:
            h.update(repr(part).encode() + b"\0")
        for name, text in self.schema_files or ():
            h.update(name.encode() + b"\0" + hashlib.sha256(text).digest())
        for pack in self.rules:
            h.update(hashlib.sha256(pack if isinstance(pack, bytes) else pack.encode()).digest())
        object.__setattr__(self, "digest", h.hexdigest())

    @staticmethod
    def builtin(
        version: str = "auto",
        *,
        rules: Sequence[Union[StrPath, bytes]] = (),
        profile: Optional[StrPath] = None,
        ship: bool = False,
        mask_values: bool = False,
        max_errors: int = 100,
        today: Optional[str] = None,
    ) -> RuleSet:
        """The built-in WCO versions (as ``wcodm.Validator.builtin``), with rule packs read
        here and shipped when ``ship`` is true. Checked by compiling it here once."""
        packs = _packs(rules, ship)
        rule_set = RuleSet(
            version=version,
            rules=packs,
            profile=None if profile is None else os.fspath(profile),
            mask_values=mask_values,
            max_errors=max_errors,
            today=today,
        )
        rule_set.compile()
        return rule_set

    @staticmethod
    def xsd(
        path: StrPath,
        *,
        rules: Sequence[Union[StrPath, bytes]] = (),
        profile: Optional[StrPath] = None,
        ship: bool = False,
        mask_values: bool = False,
        max_errors: int = 100,
        today: Optional[str] = None,
    ) -> RuleSet:
        """A schema set from its root XSD (as ``wcodm.Validator.from_xsd``). With ``ship``, the
        root and every document it includes or imports, and the rule packs, are read here and
        travel as bytes, so executors need no access to them. Checked by compiling it here."""
        root = os.fspath(path)
        files: Optional[Tuple[Tuple[str, bytes], ...]] = None
        schema_root = None
        if ship:
            schema_root, documents = _schema_documents(Path(root))
            files = tuple(sorted(documents.items()))
        rule_set = RuleSet(
            schema=root,
            schema_files=files,
            schema_root=schema_root,
            rules=_packs(rules, ship),
            profile=None if profile is None else os.fspath(profile),
            mask_values=mask_values,
            max_errors=max_errors,
            today=today,
        )
        rule_set.compile()
        return rule_set

    def compile(self) -> Validator:
        """A new ``wcodm.Validator`` for this rule set (workers use ``validator``, cached)."""
        options: Dict[str, Any] = dict(
            rules=list(self.rules),
            profile=self.profile,
            mask_values=self.mask_values,
            max_errors=self.max_errors,
            today=self.today,
        )
        if self.schema_files is not None and self.schema_root is not None and self.schema is not None:
            return Validator.from_xsd_files(self.schema_root, dict(self.schema_files), label=self.schema, **options)
        if self.schema is not None:
            return Validator.from_xsd(self.schema, **options)
        return Validator.builtin(self.version, **options)


def _packs(rules: Sequence[Union[StrPath, bytes]], ship: bool) -> Tuple[Union[str, bytes], ...]:
    if isinstance(rules, (str, bytes)):
        raise TypeError("rules must be a list of rule packs (paths, or JSON text as bytes), not one")
    return tuple(
        p if isinstance(p, bytes) else (Path(p).read_bytes() if ship else os.fspath(p)) for p in rules
    )


def _schema_documents(root: Path) -> Tuple[str, Dict[str, bytes]]:
    """The root's name and every document it includes or imports (transitively), named by
    their paths relative to the folder that holds them all, as wcodm resolves them in memory."""
    found: Dict[Path, bytes] = {}
    pending = [root.resolve()]
    while pending:
        doc = pending.pop()
        if doc in found:
            continue
        found[doc] = doc.read_bytes()
        for element in ET.fromstring(found[doc]).iter():
            if element.tag in (_XSD + "include", _XSD + "import", _XSD + "redefine", _XSD + "override"):
                location = element.get("schemaLocation")
                if location and "://" not in location:
                    pending.append((doc.parent / location).resolve())
    base = Path(os.path.commonpath([str(p.parent) for p in found]))
    names = {p.relative_to(base).as_posix(): text for p, text in found.items()}
    return root.resolve().relative_to(base).as_posix(), names


# Each Python worker's compiled rule sets, by digest, and how often each was compiled there.
_CACHE: Dict[str, Validator] = {}
COMPILES: Dict[str, int] = {}


def validator(rule_set: RuleSet) -> Validator:
    """This process's validator for ``rule_set``: compiled on first use, then reused."""
    v = _CACHE.get(rule_set.digest)
    if v is None:
        v = _CACHE[rule_set.digest] = rule_set.compile()
        COMPILES[rule_set.digest] = COMPILES.get(rule_set.digest, 0) + 1
    return v


def validate_batches(
    rule_set: Callable[[], RuleSet], content: str, file: str
) -> Callable[[Iterable[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function ``mapInArrow`` runs: the messages of each batch's ``content`` column
    (named by its ``file`` column) to result rows. ``rule_set`` gives the rule set (from a
    broadcast variable, read on the worker)."""

    def run(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        v = validator(rule_set())
        for batch in batches:
            contents = batch.column(content).to_pylist()
            files = batch.column(file).to_pylist()
            table = v.validate_rows(contents, files, threads=1)
            yield pa.RecordBatch.from_pydict(table, schema=_ARROW_SCHEMA)

    return run


def validate_table(df: DataFrame, rule_set: RuleSet, *, content: str = "content", file: str = "file") -> DataFrame:
    """Validate the messages of a table: ``content`` is a binary column holding each message,
    ``file`` a string column naming it in the results (a path, a declaration id...)."""
    spark = df.sparkSession
    shipped = spark.sparkContext.broadcast(rule_set)
    rows = df.select(F.col(file).cast("string").alias("file"), F.col(content).alias("content"))
    return rows.mapInArrow(validate_batches(lambda: shipped.value, "content", "file"), RESULT_SCHEMA)


def validate_files(
    spark: SparkSession,
    path: Union[StrPath, Sequence[StrPath]],
    rule_set: RuleSet,
    *,
    glob: str = "*.xml",
    recursive: bool = True,
) -> DataFrame:
    """Validate every file matching ``glob`` under ``path`` (folders searched recursively),
    read with Spark's ``binaryFile`` source; ``file`` is the path as Spark gives it (a URI)."""
    paths = [os.fspath(p) for p in ([path] if isinstance(path, (str, os.PathLike)) else path)]
    files = (
        spark.read.format("binaryFile")
        .option("pathGlobFilter", glob)
        .option("recursiveFileLookup", str(recursive).lower())
        .load(paths)
    )
    return validate_table(files, rule_set, content="content", file="path")


def verdicts(results: DataFrame) -> DataFrame:
    """One row per message: ``file``, ``valid``, ``version``, ``category``, ``truncated``, ``errors`` and
    ``warnings`` (how many diagnostics of each severity)."""
    return results.groupBy("file", "valid", "version", "category", "truncated").agg(
        F.count(F.when(F.col("severity") == "error", 1)).alias("errors"),
        F.count(F.when(F.col("severity") == "warning", 1)).alias("warnings"),
    )


def summary(results: DataFrame, top: int = 20) -> DataFrame:
    """The data-quality summary: the ``top`` most frequent problems by field, each with
    ``problem`` (the rule id, else the code), ``code``, ``national_code``, ``field`` (the
    element path with indices dropped, so every goods item's field counts together),
    ``count`` (diagnostics) and ``files`` (messages hit), most frequent first."""
    problems = results.where(F.col("code").isNotNull())
    return (
        problems.select(
            F.coalesce("rule", "code").alias("problem"),
            "code",
            "national_code",
            F.regexp_replace("path", r"\[\d+\]", "").alias("field"),
            "file",
        )
        .groupBy("problem", "code", "national_code", "field")
        .agg(F.count(F.lit(1)).alias("count"), F.countDistinct("file").alias("files"))
        .orderBy(F.desc("count"), "problem", "field")
        .limit(top)
    )
