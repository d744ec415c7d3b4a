#!/usr/bin/env bash
# Run HERE (a machine with JDK 17 and Maven): builds what run.sh needs on the GPU machine, which has no
# JDK, no Maven and no network, into runtime/device-check/bundle/ (git-ignored; carry it to the device):
#   jre/             a jlinked JRE (about 40 MB)
#   lib/             jprune's kernels and runtime jars, the kernels' test classes, JavaCPP + CUDA bindings, JUnit
#   classes/         the device-check mains (src/)
#   glibc-required   the newest glibc symbol version the JRE and JavaCPP's natives need (run.sh checks it first)
# Usage: runtime/device-check/prepare.sh     (MVN_OFFLINE=0 to let Maven download missing dependencies)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bundle="$here/bundle"
offline=()
[ "${MVN_OFFLINE:-1}" = 1 ] && offline=(-o)

cd "$repo"
mvn -B -q "${offline[@]}" -pl runtime -am install -DskipTests
classpath_file=$(mktemp)
natives=$(mktemp -d)
trap 'rm -rf "$classpath_file" "$natives"' EXIT
mvn -B -q "${offline[@]}" -pl kernels dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file"

rm -rf "$bundle"
mkdir -p "$bundle/lib" "$bundle/classes"
cp kernels/target/jprune-kernels-*.jar runtime/target/jprune-runtime-*.jar "$bundle/lib/"
jar cf "$bundle/lib/jprune-kernels-tests.jar" -C kernels/target/test-classes .
tr ':' '\n' < "$classpath_file" | while read -r jar; do
  [ -n "$jar" ] && cp "$jar" "$bundle/lib/"
done
javac -d "$bundle/classes" -cp "$bundle/lib/*" $(find "$here/src" -name '*.java')

# java.logging: JUnit and JavaCPP log through it; the rest is what jprune's agent needs in a host JVM.
jlink --add-modules java.base,java.logging,java.management,java.instrument,jdk.attach,jdk.management,jdk.unsupported,jdk.jfr \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output "$bundle/jre"

for jar in "$bundle"/lib/*linux-x86_64*.jar; do
  (cd "$natives" && unzip -q -o "$jar" '*.so*' 2>/dev/null || true)
done
find "$bundle/jre" "$natives" -name '*.so*' -type f -exec strings {} + | grep -o 'GLIBC_[0-9][0-9.]*' \
  | sed 's/GLIBC_//' | sort -uV | tail -1 > "$bundle/glibc-required"

echo "bundle ready: $(du -sh "$bundle" | cut -f1) in $bundle (jre $(du -sh "$bundle/jre" | cut -f1), $(ls "$bundle/lib" | wc -l) jars, glibc >= $(cat "$bundle/glibc-required"))"
