#!/usr/bin/env bash
# Reproducible builds: two clean builds of one commit must give byte-identical jars (classes, test-jar,
# sources, javadoc). The parent pom's project.build.outputTimestamp fixes the entries' times.
#
#   .ci/reproducible.sh            two builds of its own (mvn clean package -DskipTests, twice)
#   .ci/reproducible.sh --reuse    the jars already in target/ (e.g. from `mvn verify`) are the first build
#
# Extra Maven options (e.g. -o) go in MAVEN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the project's own jars: target/lib holds copies of dependencies, not build output
hashes() {
  find . -path '*/target/*.jar' -not -path '*/target/lib/*' -not -path './.git/*' -print0 \
    | sort -z | xargs -0 sha256sum
}

build() {
  # shellcheck disable=SC2086
  mvn -B -q ${MAVEN_ARGS:-} clean package -DskipTests
}

if [ "${1:-}" != "--reuse" ]; then
  build
fi
hashes > "$work/first"
if [ ! -s "$work/first" ]; then
  echo ".ci/reproducible.sh: no jar in target/: build first, or run without --reuse" >&2
  exit 1
fi
build
hashes > "$work/second"

if ! diff -u "$work/first" "$work/second"; then
  echo ".ci/reproducible.sh: the jars above differ between two builds of one commit" >&2
  exit 1
fi
echo ".ci/reproducible.sh: $(wc -l < "$work/first") jars byte-identical across two builds"
