#!/usr/bin/env bash
# Mutation testing with cargo-mutants (https://mutants.rs), one area of the engine at a time:
# each mutant of the area's code is built and the area's tests run against it; a mutant the tests
# do not catch ("missed") is either killed by a new test or listed, with the reason it cannot be
# told apart (an equivalent mutant), in tests/mutants-survivors.md.
#
#   tests/mutants.sh AREA [cargo-mutants options...]   e.g. tests/mutants.sh facets --shard=0/2
#
# Areas: facets, content, xsd-dates (the schema engine: facets, content models, XSD date
# types), dates, calendar (the UK date formats and day arithmetic of the date rule),
# identifiers, conditions, rule-kinds (the rules), engine-rules (the pass's rule hooks: scopes
# opened and ended, held and waiting verdicts), codes (the sorted-codes lookup), profile (the
# national profile compiler), cli (the CLI's exit paths), batch (the CLI's batch: folders,
# reading, --jobs threads, output order).
# `tests/mutants.sh AREA --list` lists the mutants only; `--iterate` re-tests those missed last
# time. Results go to target/mutants-AREA/mutants.out (mutants-AREA-KofN for a shard):
# caught.txt, missed.txt, timeout.txt, unviable.txt, outcomes.json.
#
# Not part of CI (.ci/run): an area takes 10-60 minutes. Needs `cargo install cargo-mutants
# --locked` (27.1.0 was used), xmllint and ../shared (or $WCODM_SHARED), as the tests do.
# Builds are debug (a mutant builds in ~8 s and its tests run in ~5 s on a quiet machine;
# release builds take longer than the tests they save), without debug information for wcodm
# itself (links faster; nothing reads it). The run is niced: the machine is shared.
#
# One mutant at a time per run (-j1), each run with a target directory of its own
# (target/mutants/AREA, or AREA-KofN for `--shard=K/N`): cargo names a package's artifacts
# without its path, so two copies of the tree building into one target directory overwrite each
# other's artifacts and a mutant's tests can run another build ("Fresh" in its log). To use two
# cores, run two shards of an area in parallel (`--shard=0/2` and `--shard=1/2`, written with
# `=`): each has its own target and output directory. A new target directory starts as a copy
# of target/mutants/seed (the dependencies, built once), so only wcodm is compiled.
#
# A test run that takes more than 60 s is a hang (the tests take 5-20 s): the mutant counts as
# a timeout. On a loaded machine the tests themselves can take a minute (the baseline then fails
# as a timeout): MUTANTS_TIMEOUT=180 raises the limit.
set -euo pipefail
cd "$(dirname "$0")/.."
area="${1:?usage: tests/mutants.sh AREA [cargo-mutants options], AREA one of facets content xsd-dates dates calendar identifiers conditions rule-kinds engine-rules codes profile cli batch}"
shift
export WCODM_SHARED="${WCODM_SHARED:-$(cd .. && pwd)/shared}"
shard=""
for a in "$@"; do
  case "$a" in
    --shard=*) shard="-${a#--shard=}" shard="${shard/\//of}" ;;
    --shard) echo "write --shard=K/N (the run's directories are named after it)" >&2; exit 2 ;;
  esac
done
export CARGO_TARGET_DIR="$PWD/target/mutants/$area$shard"

# Unit tests that check only that nothing panics or that memory stays bounded (random input,
# 2-13 s each in debug): they catch no mutant the others miss in these areas, and would double
# the time of every mutant.
slow=(--skip fuzz_no_panic --skip memory_is_bounded --skip huge_repetition_is_an_error
  --skip no_panics --skip a_panic_becomes_an_error_code)

# For the areas run without the CLI: the library's schema:: unit tests (the XSD engine, which
# calls no rule code), the tests that run the binary (not built: they would fail), ICS1's
# schema-only case check and its two runs of the cases again (as amendments, with the new rule
# lists: rule_cases_match_the_engine runs the same engine on them; 10 s of a mutant's 20).
engine=(--skip schema:: --skip the_cli_reports_the_engine_numbers --skip human_output_names_the_profile_and_what_the_rule_found
  --skip rule_cases_are_schema_valid --skip rule_cases_as_amendments_give_the_same_numbers --skip the_new_rule_lists_drop_four_asserts)

case "$area" in
  facets) what=(-f src/schema/facets.rs); tests=(--lib --test xsd_cases --test mutations) ;;
  content) what=(-f src/schema/content.rs); tests=(--lib --test xsd_cases --test mutations --test messages) ;;
  dates)
    # The UK date formats (102, 304: tests/mutations.rs kills hour 24) and the day type.
    what=(-f src/rules/kinds/date.rs --re ' in (parse|digits|value|Day::parse)$|replace (parse|digits|value|Day::parse) ')
    tests=(--lib --test mutations --test rules) ;;
  calendar)
    # The day arithmetic, today's date and how a day is written.
    what=(-f src/rules/kinds/date.rs --re 'Day::(ymd|from_ymd|days_since|today)|Display for Day')
    tests=(--lib --test mutations --test rules) ;;
  xsd-dates)
    what=(-f src/schema/datatype.rs --re ' in (Cursor|is_date|is_g_|is_time)|replace (Cursor|is_date|is_g_|is_time)')
    tests=(--lib --test xsd_cases --test mutations) ;;
  identifiers) what=(-f 'src/identifiers/*.rs'); tests=(--lib --test identifiers) ;;
  # The library's schema:: unit tests (the XSD engine, which calls no rule code; a third of the
  # library's test time) cannot see a condition's mutant.
  conditions) what=(-f 'src/rules/condition/*.rs'); tests=(--lib --test rules); slow+=(--skip schema::) ;;
  # date.rs is the areas dates and calendar (every one of its mutants is in one of them).
  rule-kinds) what=(-f 'src/rules/kinds/*.rs' -e src/rules/kinds/date.rs); tests=(--lib --test rules) ;;
  # The pass's rule hooks (src/validate/rules.rs: a node's flags, scopes opened and ended,
  # verdicts held until a condition is known; waiting.rs: verdicts waiting for an anchor's end),
  # run with the rules' tests, the built-in rules', uk-cds's and HMRC's ICS1 cases (uk-ics1).
  engine-rules)
    what=(-f src/validate/rules.rs -f src/validate/waiting.rs)
    tests=(--lib --test rules --test builtin --test profile --test profile_uk --test ics1); slow+=("${engine[@]}") ;;
  # The sorted-codes lookup the built-in code lists and the rules' lists share.
  codes) what=(-f src/codes.rs); tests=(--lib --test rules --test builtin --test profile_uk); slow+=("${engine[@]}") ;;
  # The national profile compiler: categories, requirement tables, relaxations, exceptions
  # (warnings), lists expanded into rules, who a built-in profile serves.
  profile) what=(-f 'src/profile/*.rs'); tests=(--lib --test profile --test profile_uk --test ics1); slow+=("${engine[@]}") ;;
  # tests/outputs.rs checks the output formats and --quiet, which main.rs chooses between.
  cli) what=(-f src/bin/wcodm/main.rs --re ' in (main|validate|exit)$'); tests=(--bin wcodm --test cli --test first_hour --test outputs) ;;
  # The batch: folders walked, inputs read, the number of threads (--jobs) and the workers,
  # outcomes handed out in input order. Its unit tests are the binary's.
  batch) what=(-f src/bin/wcodm/batch.rs); tests=(--bin wcodm --test cli --test first_hour --test outputs) ;;
  *) echo "unknown area $area" >&2; exit 2 ;;
esac

# A mutant can turn a loop into an endless one that allocates (`i += 1` made `i *= 1`): cap
# the address space so that it fails in seconds instead of taking the machine's memory.
ulimit -v 8000000
# The test targets go to every cargo call (-C), so that only they are built for each mutant;
# the engine's areas build without the CLI (--no-default-features: neither the binary nor clap
# is built for each mutant, which halves the build).
[ "$area" = cli ] || [ "$area" = batch ] || tests=(--no-default-features "${tests[@]}")
cargo_args=()
for t in "${tests[@]}"; do cargo_args+=(-C "$t"); done
config=--config=profile.dev.package.wcodm.debug=0
if [ ! -d "$CARGO_TARGET_DIR" ] && [[ " $* " != *" --list "* ]]; then
  # The dependencies, debug, with and without the CLI, built once and copied for each run.
  seed="$PWD/target/mutants/seed"
  if [ ! -d "$seed" ]; then
    CARGO_TARGET_DIR="$seed" nice -n 10 cargo test --no-run -q "$config" --no-default-features --lib
    CARGO_TARGET_DIR="$seed" nice -n 10 cargo test --no-run -q "$config" --bin wcodm
  fi
  cp -a "$seed" "$CARGO_TARGET_DIR"
fi
exec nice -n 10 cargo mutants -j1 --baseline run --timeout "${MUTANTS_TIMEOUT:-60}" --build-timeout 300 --cargo-arg="$config" \
  "${what[@]}" -o "target/mutants-$area$shard" "${cargo_args[@]}" "$@" -- -- "${slow[@]}"
