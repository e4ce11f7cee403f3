#!/usr/bin/env bash
# Runs the quick side-by-side comparison (java -jar target/ssl-bench.jar --quick) on JDK 17 and on JDK 25,
# one after the other, keeps both results and prints the README's headline table from them.
# Build first, from the repository root:
#   mvn -B -o -q -pl ssl-bench -am package -DskipTests
# Usage: ssl-bench/quick-both-jdks.sh [extra --quick options, e.g. --tiny]
# Environment: JAVA17, JAVA25 (the java executables; default: `java` if it is 17, else the first
#              /usr/lib/jvm/*-17-*/bin/java, and the first /usr/lib/jvm/*-25-*/bin/java),
#              JAVA25_OPTS (--sun-misc-unsafe-memory-access=allow: JOL's Unsafe calls, without the warning),
#              OUT (target): where bench-jdk17.json, bench-jdk25.json, their logs and headline.md go.
set -euo pipefail
cd "$(dirname "$0")"
OUT=${OUT:-target}

# the first java of feature version $1: `java` on the PATH, else the JVM directories
find_java() {
  local v=$1 j
  for j in java /usr/lib/jvm/*-"$v"-*/bin/java /usr/lib/jvm/*-"$v"/bin/java; do
    if command -v "$j" > /dev/null 2>&1 && "$j" -XshowSettings:properties -version 2>&1 \
        | grep -Eq "java\.specification\.version = $v\$"; then
      echo "$j"
      return
    fi
  done
  echo "no JDK $v found: set JAVA$v" >&2
  exit 1
}
JAVA17=${JAVA17:-$(find_java 17)}
JAVA25=${JAVA25:-$(find_java 25)}

mkdir -p "$OUT"
JAVA17_OPTS=${JAVA17_OPTS:-}
JAVA25_OPTS=${JAVA25_OPTS:---sun-misc-unsafe-memory-access=allow}
for v in 17 25; do
  j=JAVA$v
  o=JAVA${v}_OPTS
  echo "== JDK $v (${!j} ${!o}), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086
  "${!j}" ${!o} -jar target/ssl-bench.jar --quick --out "$OUT/bench-jdk$v.json" "$@" 2>&1 | tee "$OUT/quick-jdk$v.log"
done
"$JAVA17" -jar target/ssl-bench.jar --table "JDK 17=$OUT/bench-jdk17.json" "JDK 25=$OUT/bench-jdk25.json" \
  | tee "$OUT/headline.md"
