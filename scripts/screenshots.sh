#!/usr/bin/env bash
# Regenerates docs/screenshots/{page}.{culture}.png (English and 简体中文): runs the console's screenshot test,
# which signs in to an in-process Kith over a small demo store and pictures the pages listed in
# tests/Kith.Console.Tests/ConsolePages.cs (Screens). Test runs without KITH_SCREENSHOTS write nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/browser.sh

out="$root/docs/screenshots"
mkdir -p "$out"
rm -f "$out"/*.png   # a page that is no longer pictured must not linger
scratch=$(mktemp -d /tmp/kith-screens.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
TMPDIR="$scratch" KITH_SCREENSHOTS="$out" dotnet test tests/Kith.Console.Tests -c Release \
  --filter "FullyQualifiedName~Kith.Console.Tests.ScreenshotTests" "$@"
ls -1 "$out"
