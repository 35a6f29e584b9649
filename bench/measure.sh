#!/usr/bin/env bash
# Whole-process measurements for docs/performance.md, all in one run on one machine: the native opta-infra
# (-p:OptaNative=true) and the portable one (dotnet opta-infra.dll, ReadyToRun) on a 10-service file against
# their own `--version`; render of 1,000 services against a libyaml (C) load + dump of the same output; render
# time from 100 to 2,000 services; peak memory.
# Needs hyperfine, /usr/bin/time, clang and zlib (native AOT), and a python3 whose PyYAML has libyaml.
# Usage: bench/measure.sh [WORKDIR]   (inputs, outputs and hyperfine's exports go to WORKDIR, a new temporary
# folder by default). RUNS (default 30) and LINEARITY_RUNS (default 10) set the runs per command.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
runs=${RUNS:-30}
linearity_runs=${LINEARITY_RUNS:-10}

python3 -c 'import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else "PyYAML has no libyaml")'
dotnet build -c Release src/Opta.Cli >/dev/null
dotnet build -c Release bench/Opta.Bench >/dev/null
dotnet publish -c Release src/Opta.Cli -p:OptaNative=true -o "$work/native" >/dev/null
native=$work/native/opta-infra
# An array: the portable command is two words (dotnet and the dll).
portable=(dotnet src/Opta.Cli/bin/Release/net10.0/opta-infra.dll)
git rev-parse --short HEAD 2>/dev/null | sed 's/^/commit: /'
echo "native binary: $(du -h "$native" | cut -f1)"

for n in 10 100 250 500 1000 2000; do
  mkdir -p "$work/$n"
  dotnet bench/Opta.Bench/bin/Release/net10.0/Opta.Bench.dll --generate "$n" "$work/$n/opta.yaml"
  "$native" render -c "$work/$n/opta.yaml" >"$work/$n/out.yaml"
  "${portable[@]}" render -c "$work/$n/opta.yaml" | cmp -s - "$work/$n/out.yaml" ||
    { echo "the native and the portable render of $n services differ" >&2; exit 1; }
  echo "$n services: input $(wc -c <"$work/$n/opta.yaml") bytes, output $(wc -c <"$work/$n/out.yaml") bytes, $(grep -c '^kind:' "$work/$n/out.yaml") objects"
done

echo "== a 10-service file against --version of the same build"
hyperfine -N --warmup 5 --runs "$runs" --export-markdown "$work/small.md" --export-json "$work/small.json" \
  -n "native --version" "$native --version" \
  -n "native validate" "$native validate -c $work/10/opta.yaml" \
  -n "native render" "$native render -c $work/10/opta.yaml" \
  -n "portable --version" "${portable[*]} --version" \
  -n "portable validate" "${portable[*]} validate -c $work/10/opta.yaml" \
  -n "portable render" "${portable[*]} render -c $work/10/opta.yaml"

echo "== render 1,000 services against libyaml load + dump of its output"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/vs-libyaml.md" --export-json "$work/vs-libyaml.json" \
  -n "native render" "$native render -c $work/1000/opta.yaml" \
  -n "portable render" "${portable[*]} render -c $work/1000/opta.yaml" \
  -n libyaml "python3 -c \"import sys, yaml; sys.stdout.write(yaml.dump_all(list(yaml.load_all(open('$work/1000/out.yaml'), Loader=yaml.CSafeLoader)), Dumper=yaml.CSafeDumper))\""

echo "== linearity (native render)"
hyperfine -N --warmup 2 --runs "$linearity_runs" --export-markdown "$work/linearity.md" --export-json "$work/linearity.json" \
  -L n 100,250,500,1000,2000 "$native render -c $work/{n}/opta.yaml"

echo "== peak memory (maximum resident set size, KB)"
for n in 10 1000 2000; do
  printf '%s services: native %s, portable %s\n' "$n" \
    "$(/usr/bin/time -f %M "$native" render -c "$work/$n/opta.yaml" 2>&1 >/dev/null)" \
    "$(/usr/bin/time -f %M "${portable[@]}" render -c "$work/$n/opta.yaml" 2>&1 >/dev/null)"
done

echo "results in $work"
