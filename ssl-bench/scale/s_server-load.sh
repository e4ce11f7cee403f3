#!/usr/bin/env bash
# Loads `s_server -www` (tlsbio's or OpenSSL's) with wwwload and prints, per concurrency level,
# connections/s, handshake latency, and the server's CPU per connection and peak RSS.
#
#   ssl-bench/scale/s_server-load.sh tlsbio|openssl blocking|nbio "1 100 1000" TOTAL SECONDS [LAUNCHER]
#
# LAUNCHER (tlsbio only) is the command that starts the CLI, default ssl-cli/tlsbio (the launcher
# script with its JVM flags); pass e.g. "java -jar ssl-cli/target/tlsbio.jar" to compare with the
# JVM's defaults. Each level runs a fresh server: a warm-up of min(TOTAL, 2000) connections, then
# the measured run. Loopback only; every process started here is stopped by its PID.
set -euo pipefail
cd "$(dirname "$0")/../.."
server=${1:?tlsbio or openssl}
mode=${2:?blocking or nbio}
levels=${3:?concurrency levels}
total=${4:?connections per level}
seconds=${5:?seconds per level}
launcher=${6:-ssl-cli/tlsbio}

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

cc -O2 -o "$work/wwwload" ssl-bench/scale/wwwload.c -lssl -lcrypto
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" \
    -out "$work/cert.pem" -days 1 -subj /CN=localhost 2>/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# the JVM runs as a child of the launcher script: measure the process that listens
leaf() { local p=$1 c; while c=$(pgrep -P "$p" | head -1) && [[ -n $c ]]; do p=$c; done; echo "$p"; }

label=$server; [[ $server == tlsbio ]] && label="tlsbio ($launcher)"
echo "# $label s_server -www ($mode); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $levels; do
    port=$((20000 + RANDOM % 12000)) # below the ephemeral range the clients use
    nbio=(); [[ $mode == nbio ]] && nbio=(-nbio)
    if [[ $server == openssl ]]; then
        openssl s_server -accept "127.0.0.1:$port" -cert "$work/cert.pem" -key "$work/key.pem" -www -quiet \
            "${nbio[@]}" -naccept 100000000 > "$work/server.log" 2>&1 &
    else
        # shellcheck disable=SC2086
        $launcher s_server -accept "127.0.0.1:$port" -cert "$work/cert.pem" -key "$work/key.pem" -www -quiet \
            "${nbio[@]}" > "$work/server.log" 2>&1 &
    fi
    server_pid=$!
    for _ in $(seq 300); do
        if [[ $server == openssl ]] || grep -q ACCEPT "$work/server.log" 2>/dev/null; then break; fi
        sleep 0.1
    done
    sleep 0.3
    pid=$(leaf "$server_pid")
    warm=$((total < 2000 ? total : 2000))
    "$work/wwwload" 127.0.0.1 "$port" "$n" "$warm" "$seconds" > /dev/null || true
    c0=$(cpu_ticks "$pid")
    result=$("$work/wwwload" 127.0.0.1 "$port" "$n" "$total" "$seconds" || true)
    c1=$(cpu_ticks "$pid")
    done_n=$(sed -n 's/.*: \([0-9]*\) pages.*/\1/p' <<< "$result")
    hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
    rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
    tick=$(getconf CLK_TCK)
    cpu_ms=$(awk -v a="$c0" -v b="$c1" -v n="${done_n:-0}" -v t="$tick" 'BEGIN{printf "%.2f", n ? (b-a)*1000/t/n : 0}')
    echo "$result; server CPU ${cpu_ms} ms/conn, peak RSS $((hwm / 1024)) MiB, RSS now $((rss / 1024)) MiB"
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
done
