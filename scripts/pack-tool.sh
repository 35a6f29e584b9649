#!/usr/bin/env bash
# Packs the opta-infra dotnet tool into a folder, ready for `dotnet tool install --add-source DIR Opta.Infra.Cli`
# (README, "The opta-infra command"): one package per runtime identifier in src/Opta.Cli's
# ToolPackageRuntimeIdentifiers (Opta.Infra.Cli.linux-x64, the native command; Opta.Infra.Cli.any, the portable
# one), then the pointer package Opta.Infra.Cli that names them and that `dotnet tool install` asks for. The pointer
# comes last, so a failed run leaves no new pointer to an incomplete set.
# Native AOT packs only on the platform it targets and needs clang and zlib: run this on linux-x64.
# Usage: scripts/pack-tool.sh [DIR]   (default: nupkg, which git ignores)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-nupkg}
project=src/Opta.Cli

rids=$(dotnet msbuild "$project" -getProperty:ToolPackageRuntimeIdentifiers)
[ -n "$rids" ] || { echo "$project lists no ToolPackageRuntimeIdentifiers" >&2; exit 1; }
IFS=';' read -r -a rid_list <<<"$rids"
for rid in "${rid_list[@]}"; do
  dotnet pack "$project" -c Release -r "$rid" -o "$out"
done
dotnet pack "$project" -c Release -o "$out"
