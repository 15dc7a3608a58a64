#!/usr/bin/env bash
# Whole-command times and peak memory for docs/performance.md, with diff and git word-diff on
# the same files as reference points. Best of 3 runs per figure (the machine is shared).
#
#   bash benches/measure.sh [SIZE…]      # sizes: 10KB 100KB 1MB 10MB (default: all)
#   bash benches/measure.sh short        # many short sentences: 30 MB of one-word lines, and
#                                        # 10 MB a side of one repeated line (issue 16)
#
# Needs GNU time (/usr/bin/time), diff and git. Prints a Markdown table on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = short ]; then
  dir=${CORPUS_DIR:-target/corpus}
  mkdir -p "$dir"
  cargo build --release --quiet --bin diptych
  bin=target/release/diptych
  # Written here rather than kept: 10 million lines of "A." and 1.25 million of "Moscow.".
  awk 'BEGIN { for (i = 0; i < 10000000; i++) print "A." }' >"$dir/short-lines-30MB.txt"
  awk 'BEGIN { for (i = 0; i < 1250000; i++) print "Moscow." }' >"$dir/same-line-10MB.txt"
  echo "| input | command | seconds | peak MB | × input |"
  echo "| --- | --- | --- | --- | --- |"
  # run LABEL BYTES FORMAT LEFT RIGHT: one row, the output thrown away.
  run() {
    local label=$1 bytes=$2 format=$3 stats t0 t1
    shift 3
    stats=$(mktemp)
    t0=$(date +%s%N)
    /usr/bin/time -o "$stats" -f "%M" "$bin" align "$@" --format "$format" >/dev/null 2>&1
    t1=$(date +%s%N)
    awk -v l="$label" -v f="$format" -v a="$t0" -v b="$t1" -v k="$(cat "$stats")" -v n="$bytes" \
      'BEGIN { printf "| %s | `align --format %s` | %.2f | %.0f | %.0f× |\n", l, f, (b - a) / 1e9, k / 1024, k * 1024 / n }'
    rm -f "$stats"
  }
  # The text and the JSON of the 30 MB file are 0.6 and 1.2 GB: written as they are made.
  for format in summary text json; do
    run "30 MB of \`A.\` lines vs sample 000" 30000000 "$format" \
      "$dir/short-lines-30MB.txt" articles/000_*
  done
  run "10 MB of \`Moscow.\` lines, both sides" 20000000 summary \
    "$dir/same-line-10MB.txt" "$dir/same-line-10MB.txt"
  exit 0
fi

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10KB 100KB 1MB 10MB)
dir=${CORPUS_DIR:-target/corpus}

cargo build --release --quiet --bin diptych --example corpus
target/release/examples/corpus "$dir" "${sizes[@]}"
bin=target/release/diptych

# best wall-clock SECONDS (ms resolution) and the peak KB of that run, over 3 runs
best() {
  local best_s="" best_kb="" s kb stats
  stats=$(mktemp)
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -o "$stats" -f "%M" "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{ printf "%.3f", (b - a) / 1e9 }')
    read -r kb <"$stats"
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN{exit !(a<b)}'; then
      best_s=$s best_kb=$kb
    fi
  done
  rm -f "$stats"
  echo "$best_s $best_kb"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b < 0.001) b = 0.001; printf "%.0f×", a / b }'; }
mb() { awk -v k="$1" 'BEGIN{ printf "%.0f", k / 1024 }'; }

echo "| size | pair | align (read, segment, align) | peak MB | + facts, word diffs, JSON | peak MB | diff | git word-diff | align ÷ diff | align ÷ git |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for size in "${sizes[@]}"; do
  for kind in reworded unrelated identical; do
    l="$dir/$kind-$size-left.txt" r="$dir/$kind-$size-right.txt"
    read -r a akb < <(best "$bin" align "$l" "$r" --format summary)
    read -r j jkb < <(best "$bin" align "$l" "$r" --format json)
    # diff exits 1 when the files differ: not a failure here.
    read -r d _ < <(best sh -c "diff '$l' '$r' >/dev/null; true")
    read -r g _ < <(best sh -c "git diff --no-index --word-diff '$l' '$r' >/dev/null; true")
    echo "| $size | $kind | ${a} s | $(mb "$akb") | ${j} s | $(mb "$jkb") | ${d} s | ${g} s | $(ratio "$a" "$d") | $(ratio "$a" "$g") |"
  done
done
