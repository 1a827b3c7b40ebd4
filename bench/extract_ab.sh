#!/usr/bin/env bash
# A/B extraction throughput: the working tree's extract_bench against a base commit's, in
# alternating rounds pinned to one core each (this host's cores drift apart in speed by up to 2x for
# minutes at a time, so only back-to-back runs on the same core compare).
#
# Usage: bench/extract_ab.sh BASE_COMMIT [ROUNDS] [BUILD_DIR]
#   BASE_COMMIT  what to compare against (e.g. HEAD~3, a tag, a hash)
#   ROUNDS       alternating rounds (default 8); round r runs on core r % 2 (core 0 if only one)
#   BUILD_DIR    this tree's build folder holding bench/extract_bench (default build)
# The base is built once in a git worktree beside the repository (../.extract-ab-<hash>), so that
# both benches find the benchmark corpus at ../shared/peers the same way; remove it with
# `git worktree remove`. Prints each round and the median ratio new/base.
set -euo pipefail

if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit $([[ $# -lt 1 ]] && echo 2 || echo 0)
fi
base_ref="$1"
rounds="${2:-8}"
root="$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)"
build="${3:-build}"
new_bench="$root/$build/bench/extract_bench"
[[ -x "$new_bench" ]] || { echo "extract_ab: $new_bench not found; build the tree first" >&2; exit 2; }
command -v taskset >/dev/null || { echo "extract_ab: taskset (util-linux) is needed to pin runs" >&2; exit 2; }

base_hash="$(git -C "$root" rev-parse --short "$base_ref^{commit}")"
base_tree="$(dirname "$root")/.extract-ab-$base_hash"
if [[ ! -d "$base_tree" ]]; then
  git -C "$root" worktree add --detach "$base_tree" "$base_hash" >/dev/null
fi
base_bench="$base_tree/build/bench/extract_bench"
if [[ ! -x "$base_bench" ]]; then
  echo "extract_ab: building $base_hash's extract_bench in $base_tree (once)" >&2
  cmake -S "$base_tree" -B "$base_tree/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSFACTS_BUILD_TESTS=OFF \
    -DNEWSFACTS_BUILD_BENCH=ON >/dev/null
  cmake --build "$base_tree/build" --target extract_bench -j"$(nproc)" >/dev/null
fi

cores=$(nproc)
speed() {  # MB/s printed by one pinned run
  taskset -c "$1" "$2" | sed -n 's/.*= \([0-9.]*\) MB\/s.*/\1/p'
}
ratios=()
for ((r = 1; r <= rounds; ++r)); do
  core=$((cores > 1 ? r % 2 : 0))
  a=$(speed "$core" "$base_bench")
  b=$(speed "$core" "$new_bench")
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
  ratios+=("$ratio")
  echo "round $r, core $core: base $a MB/s, new $b MB/s, new/base $ratio"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END {
  m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "median new/base over %d rounds: %.3f\n", NR, m }'
