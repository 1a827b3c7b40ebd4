#!/usr/bin/env bash
# libFuzzer targets in fuzz/ (clang, -DNEWSFACTS_FUZZ=ON), built in build-fuzz/.
#   scripts/fuzz.sh build                 configure and build every target
#   scripts/fuzz.sh smoke [SECONDS]       replay tests/data/fuzz-regressions/<target>/, then fuzz each
#                                         target SECONDS (default 15) from fuzz/corpus/<target> (+ shared seeds);
#                                         fails on any crash, timeout or OOM. Mutations follow a fixed
#                                         seed (FUZZ_SEED, default 1), so a gate run explores what the
#                                         same run did here; `run` explores with a fresh seed each time
#   scripts/fuzz.sh run TARGET [SECONDS]  long run (default 600 s): corpus kept in build-fuzz/corpus/TARGET,
#                                         crashes written to build-fuzz/crashes/
# Environment: BUILD_DIR (default build-fuzz), JOBS (default 2), FUZZ_SEED (smoke, default 1), extra
# libFuzzer flags in FUZZ_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${BUILD_DIR:-build-fuzz}
JOBS=${JOBS:-2}
TARGETS=(front_matter_fuzz plain_text_fuzz html_fuzz charset_fuzz parse_fuzz extract_fuzz url_fuzz feeds_fuzz warc_fuzz)

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

build() {
  ./scripts/install-deps.sh
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DNEWSFACTS_FUZZ=ON -DNEWSFACTS_BUILD_TESTS=OFF -DNEWSFACTS_BUILD_BENCH=OFF >/dev/null
  cmake --build "$BUILD_DIR" --target newsfacts_fuzz -j"$JOBS"
}

is_target() {
  local t
  for t in "${TARGETS[@]}"; do [ "$t" = "$1" ] && return 0; done
  return 1
}

# HTML pages are larger than the other inputs; everything else is capped at 64 KiB.
max_len() { [ "$1" = html_fuzz ] && echo 200000 || echo 65536; }

# The dictionary for a target (fuzz/dict/), if there is one.
dict_flag() {
  local name
  case "$1" in
    html_fuzz | parse_fuzz | charset_fuzz) name=html ;;
    front_matter_fuzz) name=yaml ;;
    feeds_fuzz) name=xml ;;
    url_fuzz) name=url ;;
    warc_fuzz) name=warc ;;
    extract_fuzz | plain_text_fuzz) name=text ;;
    *) return 0 ;;
  esac
  [ -f "fuzz/dict/$name.dict" ] && echo "-dict=fuzz/dict/$name.dict"
  return 0
}

# The seed folders of a target: its own in fuzz/corpus/, plus the project's test inputs and
# samples where they fit (read in place, not copied).
seed_dirs() {
  echo "fuzz/corpus/$1"
  case "$1" in
    html_fuzz) echo tests/data/html ;;
    extract_fuzz | plain_text_fuzz) echo samples ;;
  esac
}

common_flags() {
  echo "-rss_limit_mb=2048 -timeout=10 -max_len=$(max_len "$1") -print_final_stats=1 $(dict_flag "$1") ${FUZZ_FLAGS:-}"
}

# "execs=N cov=C ft=F corp=K" from libFuzzer's log: the last status line and the run count.
summarize() {
  local log=$1 stats execs
  stats=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  local rate
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  local cov ft corp
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$stats")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$stats")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$stats")
  echo "execs=${execs:-?} exec/s=${rate:-?} cov=${cov:-?} ft=${ft:-?} corp=${corp:-?}"
}

# Runs every file of tests/data/fuzz-regressions/<target>/ once.
replay() {
  local t=$1 dir="tests/data/fuzz-regressions/$1"
  [ -d "$dir" ] || return 0
  local files=("$dir"/*)
  [ -e "${files[0]}" ] || return 0
  echo "fuzz: $t: replaying ${#files[@]} regression input(s)"
  # shellcheck disable=SC2046
  "$BUILD_DIR/fuzz/$t" $(common_flags "$t") "${files[@]}" >"$BUILD_DIR/logs/$t.replay.log" 2>&1 || {
    echo "fuzz: $t: a regression input fails again; see $BUILD_DIR/logs/$t.replay.log" >&2
    tail -40 "$BUILD_DIR/logs/$t.replay.log" >&2
    return 1
  }
}

# The crashing input named in a libFuzzer log, as a hex dump (first 2 KiB).
show_crash_input() {
  local unit
  unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$1" | tail -1)
  [ -n "$unit" ] && [ -f "$unit" ] || return 0
  echo "fuzz: crashing input ($(wc -c <"$unit") bytes), first 2 KiB:" >&2
  head -c 2048 "$unit" | od -A d -t x1z -v >&2
}

smoke() {
  local seconds=${1:-15} failed=() t work
  [ -x "$BUILD_DIR/fuzz/${TARGETS[0]}" ] || build
  mkdir -p "$BUILD_DIR/logs" "$BUILD_DIR/crashes"
  for t in "${TARGETS[@]}"; do
    if ! replay "$t"; then
      failed+=("$t")
      continue
    fi
    # libFuzzer adds new inputs to its first corpus folder (a fresh one); the seeds stay as they are.
    work="$BUILD_DIR/smoke/$t"
    rm -rf "$work"
    mkdir -p "$work"
    # shellcheck disable=SC2046
    if "$BUILD_DIR/fuzz/$t" $(common_flags "$t") -max_total_time="$seconds" -seed="${FUZZ_SEED:-1}" \
        -artifact_prefix="$BUILD_DIR/crashes/$t-" "$work" $(seed_dirs "$t") >"$BUILD_DIR/logs/$t.smoke.log" 2>&1; then
      echo "fuzz: $t: ok ${seconds}s $(summarize "$BUILD_DIR/logs/$t.smoke.log")"
    else
      echo "fuzz: $t: FAILED, see $BUILD_DIR/logs/$t.smoke.log and $BUILD_DIR/crashes/" >&2
      # CI keeps only this output: the report with its stack, and the input itself.
      sed -n '/==[0-9]*== ERROR/,/Test unit written/p' "$BUILD_DIR/logs/$t.smoke.log" | head -60 >&2
      show_crash_input "$BUILD_DIR/logs/$t.smoke.log"
      failed+=("$t")
    fi
  done
  if [ ${#failed[@]} -ne 0 ]; then
    echo "fuzz: smoke failed: ${failed[*]}" >&2
    exit 1
  fi
  echo "fuzz: smoke passed (${#TARGETS[@]} targets, ${seconds}s each)"
}

run() {
  local t=${1:-} seconds=${2:-600}
  is_target "$t" || { echo "fuzz: unknown target '$t' (one of: ${TARGETS[*]})" >&2; exit 2; }
  [ -x "$BUILD_DIR/fuzz/$t" ] || build
  mkdir -p "$BUILD_DIR/corpus/$t" "$BUILD_DIR/crashes" "$BUILD_DIR/logs"
  local log="$BUILD_DIR/logs/$t.run.log" status=0 start=$SECONDS
  # New inputs go to the first folder (kept between runs); the seeds are only read.
  set +e
  # shellcheck disable=SC2046
  "$BUILD_DIR/fuzz/$t" $(common_flags "$t") -max_total_time="$seconds" \
    -artifact_prefix="$BUILD_DIR/crashes/$t-" "$BUILD_DIR/corpus/$t" $(seed_dirs "$t") 2>&1 | tee "$log" |
    { grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|ERROR|SUMMARY|Test unit written' || true; }
  status=${PIPESTATUS[0]}
  set -e
  echo "fuzz: $t: $((SECONDS - start))s $(summarize "$log") corpus_files=$(find "$BUILD_DIR/corpus/$t" -type f | wc -l) exit=$status"
  return "$status"
}

case "${1:-}" in
  build) build ;;
  smoke) shift; smoke "$@" ;;
  run) shift; run "$@" ;;
  *) usage ;;
esac
