#!/usr/bin/env bash
# The Python package's CI, called by .ci/setup (`python/ci.sh setup`: a virtual environment
# with the pinned tools of requirements-ci.txt) and .ci/run (`python/ci.sh test`: the crate's
# format, lints and unit tests, then the package built and installed as README says, its type
# stubs checked against the module, and the pytest suite). The environment lives in
# target/python-venv (WCODM_VENV to choose another).
set -euo pipefail
cd "$(dirname "$0")"
venv="${WCODM_VENV:-$(cd .. && pwd)/target/python-venv}"
case "${1:-test}" in
  setup)
    if ! "$venv/bin/python" -c 'import sys; assert sys.version_info >= (3, 9)' 2>/dev/null; then
      python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements-ci.txt
    java -version 2>&1 | sed -n 1p   # Spark needs Java 17 or later
    ;;
  test)
    cargo fmt --all -- --check
    cargo clippy --release --all-targets -- -D warnings
    cargo test --release --quiet
    RUSTDOCFLAGS="-D warnings" cargo doc --release --no-deps --quiet
    # README's install command, into the CI environment.
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps .
    "$venv/bin/python" -m mypy --strict wcodm
    "$venv/bin/python" -m mypy tests examples benches
    # The stubs against the compiled module (run outside this folder, so the installed package is the one found).
    (cd /tmp && "$venv/bin/python" -m mypy.stubtest --mypy-config-file "$OLDPWD/pyproject.toml" wcodm)
    # From tests/, with the pytest script: `python -m pytest` here, or Spark's Python workers
    # (started with -m in the driver's folder) would import the package's sources in this
    # folder, which lack the compiled module, instead of the installed package.
    (cd tests && "$venv/bin/pytest" -q -p no:cacheprovider .)
    ;;
  *)
    echo "usage: python/ci.sh setup|test" >&2
    exit 2
    ;;
esac
