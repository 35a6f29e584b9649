#!/usr/bin/env bash
# Whole-process measurements for docs/performance.md, all in one run on one machine: the native opta-infra
# (-p:OptaNative=true) and the portable one (dotnet opta-infra.dll, ReadyToRun) on a 10-service file against
# their own `--version`; render of 1,000 services against a libyaml (C) load + dump of the same output; render
# time from 100 to 2,000 services; peak memory.
# Needs hyperfine, /usr/bin/time, clang and zlib (native AOT), and a python3 whose PyYAML has libyaml.
# Usage: bench/measure.sh [WORKDIR]   (inputs, outputs and hyperfine's exports go to WORKDIR, a new temporary
# folder by default). RUNS (default 10) and LINEARITY_RUNS (default 10) set the runs per command, ROUNDS (default 10)
# the rounds of the small-file commands (RUNS runs of each per round).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
runs=${RUNS:-10}
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

# The shared cores drift within seconds, and hyperfine runs each command's runs together; so the small-file commands
# run in ROUNDS short rounds (default 10) of RUNS runs each, one command after the other in every round, and the
# medians are over all rounds: a slow stretch falls on every command alike.
rounds=${ROUNDS:-10}
echo "== a 10-service file against --version of the same build ($rounds rounds of $runs runs)"
for round in $(seq "$rounds"); do
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/small-$round.json" \
    -n "native --version" "$native --version" \
    -n "native validate" "$native validate -c $work/10/opta.yaml" \
    -n "native render" "$native render -c $work/10/opta.yaml" \
    -n "portable --version" "${portable[*]} --version" \
    -n "portable validate" "${portable[*]} validate -c $work/10/opta.yaml" \
    -n "portable render" "${portable[*]} render -c $work/10/opta.yaml" >/dev/null
done
python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
runs = [json.load(open(f"{work}/small-{r}.json"))["results"] for r in range(1, rounds + 1)]
names = [c["command"] for c in runs[0]]
merged = {}
for name in names:
    mine = [c for rnd in runs for c in rnd if c["command"] == name]
    times = [t for c in mine for t in c["times"]]
    merged[name] = {"command": name, "times": times, "median": statistics.median(times), "mean": statistics.mean(times),
                    "stddev": statistics.stdev(times), "user": statistics.mean(c["user"] for c in mine),
                    "system": statistics.mean(c["system"] for c in mine),
                    "round_medians": [c["median"] for c in mine]}
json.dump({"results": list(merged.values())}, open(f"{work}/small.json", "w"), indent=1)
lines = ["| command | median | mean ± σ | user / system | median / `--version` (all runs) | per round |", "|:---|---:|---:|---:|---:|---:|"]
for name in names:
    m = merged[name]
    base = merged[name.split()[0] + " --version"]
    ratio = m["median"] / base["median"]
    per_round = [a / b for a, b in zip(m["round_medians"], base["round_medians"])]
    lines.append(f"| {name} | {m['median'] * 1000:.1f} ms | {m['mean'] * 1000:.1f} ms ± {m['stddev'] * 1000:.1f} | "
                 f"{m['user'] * 1000:.1f} / {m['system'] * 1000:.1f} ms | {ratio:.2f} × | {min(per_round):.2f}–{max(per_round):.2f} × |")
open(f"{work}/small.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY

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
