#!/usr/bin/env bash
# Whole-process measurements for docs/performance.md: render of N services with the Release CLI against a
# libyaml (C) load + dump of the same output, time for 250..2000 services, and peak memory.
# Needs hyperfine, /usr/bin/time and a python3 whose PyYAML has libyaml (yaml.__with_libyaml__ is True).
# Usage: bench/measure.sh [WORKDIR]   (inputs and outputs go to WORKDIR, a new temporary folder by default)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
runs=${RUNS:-20}
linearity_runs=${LINEARITY_RUNS:-30}

python3 -c 'import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else "PyYAML has no libyaml")'
dotnet build -c Release src/Opta.Cli >/dev/null
dotnet build -c Release bench/Opta.Bench >/dev/null
# An array: the command is two words (dotnet and the dll).
cli=(dotnet src/Opta.Cli/bin/Release/net10.0/opta-infra.dll)

for n in 250 500 1000 2000; do
  mkdir -p "$work/$n"
  dotnet bench/Opta.Bench/bin/Release/net10.0/Opta.Bench.dll --generate "$n" "$work/$n/opta.yaml"
  "${cli[@]}" render -c "$work/$n/opta.yaml" > "$work/$n/out.yaml"
  echo "$n services: input $(wc -c < "$work/$n/opta.yaml") bytes, output $(wc -c < "$work/$n/out.yaml") bytes, $(grep -c '^kind:' "$work/$n/out.yaml") objects"
done

echo "== render 1,000 services vs libyaml load + dump of its output"
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/vs-libyaml.md" --export-json "$work/vs-libyaml.json" \
  -n render "${cli[*]} render -c $work/1000/opta.yaml" \
  -n libyaml "python3 -c \"import sys, yaml; sys.stdout.write(yaml.dump_all(list(yaml.load_all(open('$work/1000/out.yaml'), Loader=yaml.CSafeLoader)), Dumper=yaml.CSafeDumper))\""

echo "== linearity"
hyperfine -N --warmup 2 --runs "$linearity_runs" --export-markdown "$work/linearity.md" --export-json "$work/linearity.json" \
  -L n 250,500,1000,2000 "${cli[*]} render -c $work/{n}/opta.yaml"

echo "== peak memory (max resident set size)"
for n in 1000 2000; do
  /usr/bin/time -v "${cli[@]}" render -c "$work/$n/opta.yaml" 2>&1 >/dev/null | sed -n "s/.*Maximum resident set size (kbytes): /$n services: KB /p"
done

echo "results in $work"
