#!/usr/bin/env bash
# JMH micro-benchmarks of the hot kernels (writing a page, parsing an extracted file, normalizing a
# page). Arguments go to JMH, e.g.:  dlt4j-bench/jmh.sh NormalizePageBench -p dataset=flat
# JMH is a test-scope dependency of dlt4j-bench: it never reaches the dlt4j command-line jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/dlt4j-bench"
cp_file="$bench/target/jmh.classpath"
(cd "$root" && mvn -B -q ${DLT4J_MVN_OPTS:--o} -pl dlt4j-bench -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test) >&2
exec java ${DLT4J_JAVA_OPTS:-} -cp "$bench/target/test-classes:$bench/target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main "$@"
