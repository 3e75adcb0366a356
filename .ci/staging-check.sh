#!/usr/bin/env bash
# Release check, run by .ci/run after the tests: deploys the BOM, the parent and the modules a
# quick-start user needs (dlt4j-core, dlt4j-sql, dlt4j-duckdb) with the release profile (sources and
# javadoc jars) into a staging repository, then builds a fresh Maven project that depends only on
# dev.dlt4j:dlt4j-bom + dlt4j-core + dlt4j-duckdb from that repository, offline, and runs the
# README's quick start (dlt4j-cli/src/main/java/dev/dlt4j/examples/QuickStart.java) with it.
#
# The fresh project never writes into ~/.m2: it has a local repository of its own and reads
# ~/.m2/repository as a file repository (third-party jars and plugins the build already has) next
# to the staging repository. The whole release is `./mvnw -P release deploy
# -DaltDeploymentRepository=local::file:/tmp/staging` (see README, "Using dlt4j in a project").
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
# a folder of its own, so that checks of two checkouts can run side by side
work="${DLT4J_STAGING_CHECK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dlt4j-staging-check.XXXXXX")}"
m2="$(cd "${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}" && pwd)"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)"
rm -rf "$work"
mkdir -p "$work/staging" "$work/app/src/main/java/dev/dlt4j/examples" "$work/run"

echo "staging-check: deploying dlt4j $version (bom, parent, core, sql, duckdb) to $work/staging"
# deploy refuses to run offline; nothing is downloaded here: the build has every plugin already
mvn -B -q -P release -DskipTests -pl dlt4j-bom,dlt4j-duckdb -am deploy \
  -DaltDeploymentRepository="staging::file://$work/staging"
for a in dlt4j-parent/$version/dlt4j-parent-$version.pom dlt4j-bom/$version/dlt4j-bom-$version.pom \
         dlt4j-core/$version/dlt4j-core-$version.jar dlt4j-core/$version/dlt4j-core-$version-sources.jar \
         dlt4j-core/$version/dlt4j-core-$version-javadoc.jar dlt4j-duckdb/$version/dlt4j-duckdb-$version-javadoc.jar; do
  [ -f "$work/staging/dev/dlt4j/$a" ] || { echo "staging-check: $a is missing from the staging repository" >&2; exit 1; }
done

cat > "$work/app/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>dlt4j-quickstart</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <repositories>
    <repository><id>central</id><url>file://$m2</url></repository>
    <repository><id>dlt4j-staging</id><url>file://$work/staging</url></repository>
  </repositories>
  <pluginRepositories>
    <pluginRepository><id>central</id><url>file://$m2</url></pluginRepository>
  </pluginRepositories>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>dev.dlt4j</groupId>
        <artifactId>dlt4j-bom</artifactId>
        <version>$version</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>dev.dlt4j</groupId><artifactId>dlt4j-core</artifactId></dependency>
    <dependency><groupId>dev.dlt4j</groupId><artifactId>dlt4j-duckdb</artifactId></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
    </plugins>
  </build>
</project>
POM
cp dlt4j-cli/src/main/java/dev/dlt4j/examples/QuickStart.java "$work/app/src/main/java/dev/dlt4j/examples/"

echo "staging-check: compiling the quick start against the staging repository (offline)"
(cd "$work/app" && mvn -B -q -o -Daether.offline.protocols=file -Dmaven.repo.local="$work/repo" compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile="$work/classpath.txt")
# what the project resolved: only the staging repository's dlt4j jars, in this version
find "$work/repo/dev/dlt4j" -name '*.jar' | sed "s:$work/repo/::" | sort > "$work/dlt4j-jars.txt"
expected="dev/dlt4j/dlt4j-core/$version/dlt4j-core-$version.jar
dev/dlt4j/dlt4j-duckdb/$version/dlt4j-duckdb-$version.jar
dev/dlt4j/dlt4j-sql/$version/dlt4j-sql-$version.jar"
if [ "$(cat "$work/dlt4j-jars.txt")" != "$expected" ]; then
  echo "staging-check: the project resolved other dlt4j jars than core, sql and duckdb $version:" >&2
  cat "$work/dlt4j-jars.txt" >&2
  exit 1
fi

echo "staging-check: running the quick start"
out="$(cd "$work/run" && DLT4J_DATA_DIR="$work/run/data" java -cp "$work/app/target/classes:$(cat "$work/classpath.txt")" \
  dev.dlt4j.examples.QuickStart)"
echo "$out" | sed 's/^/  /'
for want in "orders" "orders__items" "customers" "LOADED"; do
  # a here-string, not a pipe: grep -q exits at its match, and under pipefail the echo still writing
  # the following lines would die of SIGPIPE and fail the check (seen once, on 'LOADED' in line 2)
  grep -q "$want" <<<"$out" || { echo "staging-check: the quick start's output lacks '$want'" >&2; exit 1; }
done
[ -f "$work/run/shop.duckdb" ] || { echo "staging-check: the quick start wrote no shop.duckdb" >&2; exit 1; }
echo "staging-check: OK"
rm -rf "$work"
