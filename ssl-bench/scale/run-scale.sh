#!/usr/bin/env bash
# The scale benchmarks (io.tlsbio.bench.scale.ScaleServer):
#   (a) one BioSelector thread, non-blocking socket BIOs, N_SELECTOR (5,000) connections, JDK 17;
#   (b) blocking socket BIOs, one virtual thread each, N_VIRTUAL (10,000) connections, on the JDK
#       in JAVA25_HOME (virtual threads need 21+; the code is compiled for 17).
# Each holds its connections through handshake and one 32-byte echo; the load is a child process
# (one BioSelector thread) so each process needs N descriptors: the fd limit is raised here.
#
#   mvn -o -q -pl ssl-bench -am package -DskipTests
#   JAVA25_HOME=/path/to/jdk-25 ssl-bench/scale/run-scale.sh [selector|virtual|both]
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-both}
n_selector=${N_SELECTOR:-5000}
n_virtual=${N_VIRTUAL:-10000}
inflight=${INFLIGHT:-200}
timeout=${TIMEOUT_SECONDS:-900}
jar=ssl-bench/target/ssl-bench.jar
flags=(-XX:+UseSerialGC -Xms64m)

want=$(( (n_virtual > n_selector ? n_virtual : n_selector) + 1000 ))
if [[ $(ulimit -n) -lt $want ]]; then
    ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
echo "# $(date -u +%FT%TZ) $(nproc) cores, fd limit $(ulimit -n), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $(ulimit -n) -lt $want ]]; then
    echo "warning: fd limit $(ulimit -n) < $want: the larger runs may fail to accept" >&2
fi

if [[ $what == selector || $what == both ]]; then
    java -version 2>&1 | head -1
    java "${flags[@]}" -cp "$jar" io.tlsbio.bench.scale.ScaleServer selector "$n_selector" "$inflight" "$timeout" "${flags[@]}"
fi
if [[ $what == virtual || $what == both ]]; then
    java25=${JAVA25_HOME:?set JAVA25_HOME to a JDK 21+ for the virtual-thread run}/bin/java
    "$java25" -version 2>&1 | head -1
    "$java25" "${flags[@]}" -cp "$jar" io.tlsbio.bench.scale.ScaleServer virtual "$n_virtual" "$inflight" "$timeout" "${flags[@]}"
fi
