"""Batches on several threads give the reports one thread gives, in input order; one validator
serves many Python threads; and the GIL is released while wcodm works."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

import wcodm
from conftest import TODAY, UK_SCHEMA


def dicts(reports: List[wcodm.Report]) -> list:
    return [r.to_dict() for r in reports]


def test_any_thread_count_gives_the_same_reports_in_input_order(corpus_files: List[Path]) -> None:
    v = wcodm.Validator.builtin(today=TODAY)
    messages = [f.read_bytes() for f in corpus_files]
    one = dicts(v.validate_many(messages, threads=1))
    for threads in (2, 3, 64, None):
        assert dicts(v.validate_many(messages, threads=threads)) == one
    # Mixed items (paths and bytes), and a generator.
    mixed = (f if i % 2 else m for i, (f, m) in enumerate(zip(corpus_files, messages)))
    assert dicts(v.validate_many(mixed, threads=2)) == one
    assert v.validate_many([], threads=4) == []


def test_one_validator_serves_many_python_threads(corpus_files: List[Path]) -> None:
    v = wcodm.Validator.from_xsd(UK_SCHEMA)
    alone = [v.validate_file(f).to_dict() for f in corpus_files]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda f: v.validate_file(f).to_dict(), corpus_files))
    assert together == alone


def test_the_gil_is_released_while_a_batch_runs(corpus_files: List[Path]) -> None:
    # A Python thread keeps noting the time. Were the GIL held for the whole batch, its longest
    # pause would be as long as the batch; released, it keeps running beside the batch.
    v = wcodm.Validator.builtin(today=TODAY)
    messages = [f.read_bytes() for f in corpus_files] * 12
    stop = threading.Event()
    longest = [0.0]

    def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            now = time.perf_counter()
            longest[0] = max(longest[0], now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    time.sleep(0.05)
    longest[0] = 0.0
    start = time.perf_counter()
    v.validate_many(messages, threads=1)
    batch = time.perf_counter() - start
    stop.set()
    ticker.join()
    assert batch > 0.1, "the batch is too short to tell"
    assert longest[0] < batch / 2, f"a Python thread was held up {longest[0]:.3f} s of a {batch:.3f} s batch"
