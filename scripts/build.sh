#!/usr/bin/env bash
# Installs the dependencies and builds newsfacts into build/ (or $BUILD_DIR).
# Extra arguments are passed to cmake's configure step (e.g. -DNEWSFACTS_SANITIZE=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
