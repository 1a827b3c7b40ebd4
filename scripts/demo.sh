#!/usr/bin/env bash
# Sets everything up, ingests samples/ into newsfacts.db and prints the facts table.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
rm -f newsfacts.db newsfacts.db-wal newsfacts.db-shm
./build/pipelines/newsfacts ingest samples/ --db newsfacts.db
./build/pipelines/newsfacts facts --db newsfacts.db
