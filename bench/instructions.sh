#!/usr/bin/env bash
# Instructions executed by the native opta-infra for `--version`, `validate` and `render` of a 10-service file, counted
# by valgrind's callgrind: the same count on every run of the same build, however busy the shared cores are, so a
# change's effect on the small-file ratios of docs/performance.md shows without timing noise. (Time also pays for
# page faults and system calls, which callgrind does not count: bench/measure.sh measures those.)
# Needs valgrind, clang and zlib (native AOT). Usage: bench/instructions.sh [WORKDIR]
# Symbols are kept (StripSymbols=false) and their DWARF dropped (strip --strip-debug), which callgrind cannot read
# from a native AOT build: the code is the same as the shipped executable's.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
dotnet build -c Release bench/Opta.Bench >/dev/null
dotnet publish -c Release src/Opta.Cli -p:OptaNative=true -p:StripSymbols=false -o "$work/native" >/dev/null
strip --strip-debug -o "$work/opta-infra" "$work/native/opta-infra"
dotnet bench/Opta.Bench/bin/Release/net10.0/Opta.Bench.dll --generate 10 "$work/opta.yaml"
git rev-parse --short HEAD 2>/dev/null | sed 's/^/commit: /'

count() {
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.$1" "$work/opta-infra" "${@:2}" >/dev/null 2>"$work/valgrind.$1"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/valgrind.$1"
}
version=$(count version --version)
validate=$(count validate validate -c "$work/opta.yaml")
render=$(count render render -c "$work/opta.yaml")
awk -v v="$version" -v a="$validate" -v r="$render" 'BEGIN {
  printf "--version  %12d instructions\n", v
  printf "validate   %12d instructions  %.3f x --version\n", a, a / v
  printf "render     %12d instructions  %.3f x --version\n", r, r / v
}'
echo "callgrind profiles in $work (callgrind_annotate --inclusive=yes $work/callgrind.render)"
