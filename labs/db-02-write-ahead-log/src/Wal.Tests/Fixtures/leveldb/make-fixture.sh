#!/usr/bin/env bash
# Regenerates leveldb-1.23.log from make_fixture.cc with the system's LevelDB.
# Needs g++ and LevelDB's headers and library: on Debian 12, `apt-get install -y g++ libleveldb-dev`
# (LevelDB 1.23). Run from anywhere: ./make-fixture.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

g++ -std=c++17 -O1 -o "$work/make_fixture" "$here/make_fixture.cc" -lleveldb
"$work/make_fixture" "$work/db"

logs=("$work"/db/*.log)
if [ "${#logs[@]}" -ne 1 ]; then
  echo "expected exactly one .log file, found: ${logs[*]}" >&2
  exit 1
fi
cp "${logs[0]}" "$here/leveldb-1.23.log"
echo "wrote $here/leveldb-1.23.log ($(stat -c %s "$here/leveldb-1.23.log") bytes) from $(basename "${logs[0]}")"
if command -v dpkg-query >/dev/null; then
  echo "LevelDB package: $(dpkg-query -W -f='${Package} ${Version}' libleveldb-dev 2>/dev/null || echo unknown)"
fi
