#!/usr/bin/env bash
# Builds in build-asan/ with AddressSanitizer + UndefinedBehaviorSanitizer and runs the suite there,
# except the tests labelled `slow` (crash consistency, the 50 MB line), which run in the normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=build-asan BUILD_TYPE=Debug ./scripts/build.sh -DNEWSFACTS_SANITIZE=ON -DNEWSFACTS_BUILD_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -LE slow
