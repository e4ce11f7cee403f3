#!/usr/bin/env bash
# tlsbio as Java modules: module-smoke's client and servers compiled with javac and run with java
# on --module-path alone (no --add-modules, no --add-opens), then the tlsbio command's demo run
# from the module path. Needs the jars of a build first (mvn -B verify or mvn -B package):
# module-smoke/target/module-path.txt lists the dependency jars, written during package.
set -euo pipefail
cd "$(dirname "$0")/.."

deps=module-smoke/target/module-path.txt
if [ ! -f "$deps" ]; then
  echo "$0: $deps is missing: build first (mvn -B package -DskipTests)" >&2
  exit 2
fi
out=module-smoke/target/smoke-classes
rm -rf "$out"
javac --release 17 --module-path "$(cat "$deps")" -d "$out" $(find module-smoke/src/main/java -name '*.java')
cp module-smoke/src/main/resources/logback.xml "$out/"
java --module-path "$(cat "$deps"):$out" -m io.tlsbio.smoke/io.tlsbio.smoke.ModuleSmoke

# the command is an application module too: its jar and target/lib are the whole module path
java --module-path ssl-cli/target/tlsbio.jar:ssl-cli/target/lib -m io.tlsbio.cli demo >/dev/null
echo "module smoke: tlsbio demo from the module path: OK"
