#!/bin/sh
# Side-by-side comparison with the JS stack (jsdom + Readability, Recognizers-Text + chrono) on the
# same pages, one core each. Installs the npm packages into bench/peers/node_modules on first use.
#
# Usage: bench/peers/run.sh [BUILD_DIR] [SAMPLE]
#   BUILD_DIR: a CMake build of newsfacts with the bench targets (default: build); SAMPLE: pages run
#   through Recognizers (default 8; it takes seconds per page). Its time is extrapolated by
#   characters, which understates it: Recognizers' cost grows faster than the text (all 181 pages
#   took more than 30 minutes, against 12-14 extrapolated from 8 or 40 pages).
# Pages: the 181 pages of ../shared/peers/article-extraction-benchmark/html when present, else 200
# HTML pages from corpus_gen.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
sample=${2:-8}
newsfacts="$build/pipelines/newsfacts"
ingest_bench="$build/bench/ingest_bench"
corpus_gen="$build/bench/corpus_gen"
for bin in "$newsfacts" "$ingest_bench" "$corpus_gen"; do
  if [ ! -x "$bin" ]; then
    echo "run.sh: $bin is missing: cmake --build $build --target newsfacts ingest_bench corpus_gen" >&2
    exit 2
  fi
done
if ! command -v npm >/dev/null 2>&1; then
  echo "run.sh: npm is required (Debian: apt-get install npm)" >&2
  exit 2
fi
if [ ! -d "$here/node_modules/jsdom" ]; then
  (cd "$here" && npm install --no-audit --no-fund)
fi

pages=$(mktemp -d /tmp/newsfacts-peers.XXXXXX)
trap 'rm -rf "$pages"' EXIT
benchmark="$repo/../shared/peers/article-extraction-benchmark/html"
if [ -d "$benchmark" ]; then
  echo "pages: the article-extraction benchmark ($benchmark)"
  for f in "$benchmark"/*.html.gz; do
    gzip -dc "$f" > "$pages/$(basename "$f" .gz)"
  done
else
  echo "pages: $benchmark is absent; using 200 generated HTML pages"
  "$corpus_gen" --out "$pages/gen" --articles 600 >/dev/null
  find "$pages/gen" -name '*.html' | sort | head -200 | while read -r f; do mv "$f" "$pages/"; done
  rm -rf "$pages/gen"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(uptime)"
node "$here/peers.mjs" --pages "$pages" --newsfacts "$newsfacts" --ingest-bench "$ingest_bench" --sample "$sample"
