#!/bin/sh
# Runs the README's command blocks marked `<!-- tested -->` (the line before the ```sh fence),
# as written, one block after another, in a fresh $HOME and from the package root; `make test`
# runs it after the Swift tests. A failing command stops the run: bash's trace shows which one,
# after the README line of its block.
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/home"

awk -v script="$work/readme.sh" '
    /^<!-- tested -->$/ { armed = 1; next }
    armed && /^```sh$/ { inside = 1; armed = 0; printf "echo \"== README.md:%d\" >&2\n", NR + 1 >> script; blocks++; next }
    inside && /^```$/ { inside = 0; next }
    inside { print >> script; next }
    { armed = 0 }
    END { if (blocks == 0) { print "readme-commands.sh: no block marked <!-- tested --> in README.md" > "/dev/stderr"; exit 1 } }
' README.md

echo "readme-commands.sh: running the README's tested blocks with HOME=$work/home"
if HOME="$work/home" bash -e -o pipefail -x "$work/readme.sh" > "$work/out.txt" 2> "$work/trace.txt"; then
    echo "readme-commands.sh: every tested README command worked ($(grep -c '^+ ' "$work/trace.txt") commands)"
else
    status=$?
    echo "readme-commands.sh: a README command failed (exit $status); the trace ends with it:" >&2
    tail -n 25 "$work/trace.txt" >&2
    exit 1
fi
