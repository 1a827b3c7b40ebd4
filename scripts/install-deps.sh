#!/usr/bin/env bash
# Installs newsfacts' build and test dependencies from Debian 12 packages.
# Idempotent: packages already present are not fetched again.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libcurl4-openssl-dev   # fetch/: HTTP(S) client
  libgumbo-dev           # parse/: HTML5 parser
  libyaml-cpp-dev        # parse/ front-matter, rule files, config
  libre2-dev             # extract/: linear-time regular expressions, RE2::Set
  libsqlite3-dev sqlite3 # store/: embedded database (+ CLI for users)
  catch2                 # tests/
  libcli11-dev           # pipelines/: sub-command CLI parsing
  nlohmann-json3-dev     # JSON output (parse, facts --format jsonl)
  libxxhash-dev          # content hashes for deduplication
  libpugixml-dev         # fetch/: RSS, Atom and sitemap XML
  zlib1g-dev             # fetch/: gzip members of WARC files
  libcpp-httplib-dev     # tests/: in-process HTTP server on 127.0.0.1
  libmimalloc-dev        # the programs' malloc/free (NEWSFACTS_MIMALLOC)
  curl                   # bench/: the reference for fetch throughput
  clang libclang-rt-14-dev  # fuzz/: libFuzzer targets
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed" >&2
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "install-deps: not root and no password-less sudo; install these packages as root:" >&2
  echo "  apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done" >&2
