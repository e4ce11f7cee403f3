#!/usr/bin/env bash
# Runs the whole JMH suite ROUNDS times back to back (a round = every variant of both benchmarks,
# so a slow spell on this shared machine hits one round, not one variant), then summarises:
# median over the rounds per variant and the per-round ratios. Build first:
#   (from the repository root) mvn -B -o -q -pl ssl-bench -am package -DskipTests
# Usage: ssl-bench/run-bench.sh [extra JMH options, e.g. -p variant=tlsbio-hybrid,sslengine]
# Environment: ROUNDS (3), OUT (ssl-bench/target/results), JMH_OPTS (-f 1; warm-up and measurement come from the
#              annotations: handshakes 12 x 3 s + 5 x 3 s, bulk 4 x 3 s + 5 x 3 s),
#              BENCH (the benchmark regex, both benchmarks by default).
set -euo pipefail
cd "$(dirname "$0")"
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-target/results}
JMH_OPTS=${JMH_OPTS:--f 1}
BENCH=${BENCH:-'io\.tlsbio\.bench\..*Benchmark'}
mkdir -p "$OUT"
for i in $(seq 1 "$ROUNDS"); do
  echo "== round $i of $ROUNDS, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086
  java -jar target/ssl-bench.jar "$BENCH" $JMH_OPTS "$@" -rf csv -rff "$OUT/round-$i.csv" > "$OUT/round-$i.log" 2>&1
  grep -E '^(Handshake|Bulk)Benchmark' "$OUT/round-$i.log" || true
done
java -cp target/ssl-bench.jar io.tlsbio.bench.Summarize "$OUT"/round-*.csv | tee "$OUT/summary.md"
