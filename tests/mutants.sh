#!/usr/bin/env bash
# Mutation testing with cargo-mutants (https://mutants.rs), one area of the engine at a time:
# each mutant of the area's code is built and the area's tests run against it; a mutant the tests
# do not catch ("missed") is either killed by a new test or listed, with the reason it cannot be
# told apart (an equivalent mutant), in tests/mutants-survivors.md.
#
#   tests/mutants.sh AREA [cargo-mutants options...]     e.g. tests/mutants.sh facets -j2
#
# Areas: facets, content, xsd-dates (the schema engine: facets, content models, XSD date
# types), dates, calendar (the UK date formats and day arithmetic of the date rule),
# identifiers, conditions, rule-kinds (the rules), cli (the CLI's exit paths). `tests/mutants.sh AREA --list` lists the mutants only.
# Results go to target/mutants-AREA/mutants.out (caught.txt, missed.txt, timeout.txt,
# unviable.txt, outcomes.json).
#
# Not part of CI (.ci/run): an area takes 10-60 minutes. Needs `cargo install cargo-mutants
# --locked` (27.1.0 was used), xmllint and ../shared (or $WCODM_SHARED), as the tests do.
# Builds are debug (a mutant builds in ~7 s and its tests run in 10-20 s; release builds take
# longer than the tests they save) into target/mutants, kept between runs so that only wcodm is
# rebuilt. The run is niced: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
area="${1:?usage: tests/mutants.sh AREA [cargo-mutants options], AREA one of facets content xsd-dates dates calendar identifiers conditions rule-kinds cli}"
shift
export WCODM_SHARED="${WCODM_SHARED:-$(cd .. && pwd)/shared}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/mutants}"

# Unit tests that check only that nothing panics or that memory stays bounded (random input,
# 2-13 s each in debug): they catch no mutant the others miss in these areas, and would double
# the time of every mutant.
slow=(--skip fuzz_no_panic --skip memory_is_bounded --skip huge_repetition_is_an_error
  --skip no_panics --skip a_panic_becomes_an_error_code)

case "$area" in
  facets) what=(-f src/schema/facets.rs); tests=(--lib --test xsd_cases --test mutations) ;;
  content) what=(-f src/schema/content.rs); tests=(--lib --test xsd_cases --test mutations) ;;
  dates)
    # The UK date formats (102, 304: tests/mutations.rs kills hour 24) and the day type.
    what=(-f src/rules/kinds/date.rs --re ' in (parse|digits|value|Day::parse)$|replace (parse|digits|value|Day::parse) ')
    tests=(--lib --test mutations --test rules) ;;
  calendar)
    what=(-f src/rules/kinds/date.rs --re 'Day::(ymd|from_ymd|days_since)')
    tests=(--lib --test mutations --test rules) ;;
  xsd-dates)
    what=(-f src/schema/datatype.rs --re ' in (Cursor|is_date|is_g_|is_time)|replace (Cursor|is_date|is_g_|is_time)')
    tests=(--lib --test xsd_cases --test mutations) ;;
  identifiers) what=(-f 'src/identifiers/*.rs'); tests=(--lib --test identifiers) ;;
  conditions) what=(-f 'src/rules/condition/*.rs'); tests=(--lib --test rules) ;;
  rule-kinds) what=(-f 'src/rules/kinds/*.rs'); tests=(--lib --test rules) ;;
  cli) what=(-f src/bin/wcodm/main.rs --re ' in (main|validate|exit)$'); tests=(--bin wcodm --test cli --test first_hour) ;;
  *) echo "unknown area $area" >&2; exit 2 ;;
esac

# A mutant can turn a loop into an endless one that allocates (`i += 1` made `i *= 1`): cap
# the address space so that it fails in seconds instead of taking the machine's memory.
ulimit -v 8000000
# The test targets go to every cargo call (-C), so that only they are built for each mutant.
cargo_args=()
for t in "${tests[@]}"; do cargo_args+=(-C "$t"); done
exec nice -n 10 cargo mutants -j1 --baseline run --timeout 240 --build-timeout 600 \
  "${what[@]}" -o "target/mutants-$area" "${cargo_args[@]}" "$@" -- -- "${slow[@]}"
