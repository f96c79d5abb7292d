#!/bin/sh
# Builds the seed corpora of `make fuzz` in .fuzz/corpus/<target>/ (git-ignored): the samples
# and the test fixtures for fuzz-parse and fuzz-analyze, the built-in rules for fuzz-rules.
# Inputs over 16 KiB are cut at line boundaries into pieces of at most 4 KiB instead: a
# 64 KiB input runs about 20 times slower than a 4 KiB one, and libFuzzer's crossovers join
# pieces again. Files are named by content, so reseeding adds nothing twice.
set -eu
cd "$(dirname "$0")/.."
corpus=.fuzz/corpus

add() {  # add TARGET FILE
    mkdir -p "$corpus/$1"
    cp "$2" "$corpus/$1/seed-$(sha1sum < "$2" | cut -c1-16)"
}

pieces=$(mktemp -d)
trap 'rm -rf "$pieces"' EXIT
find Samples Tests -type f \( -name '*.txt' -o -path '*/Fixtures/*' \) | sort | while read -r file; do
    case "$file" in *.md) continue ;; esac
    grep -Iq . "$file" || continue   # text files only
    if [ "$(wc -c < "$file")" -le 16384 ]; then
        for target in parse analyze; do add "$target" "$file"; done
    else
        rm -f "$pieces"/*
        split -C 4096 "$file" "$pieces/piece-"
        for piece in "$pieces"/piece-*; do
            for target in parse analyze; do add "$target" "$piece"; done
        done
    fi
done
for file in Sources/CrashSiftRules/BuiltInRules/*.yaml; do add rules "$file"; done
for target in parse analyze rules; do
    echo "$corpus/$target: $(ls "$corpus/$target" | wc -l) files"
done
