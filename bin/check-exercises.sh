#!/usr/bin/env bash
# Checks the exercises (docs/exercises.md) in order and explains the first one that does not pass.
#   bin/check-exercises.sh            check once
#   bin/check-exercises.sh --watch    check again on every save
# The first run builds with Maven and stores the class path; later runs start the checker with java directly and let
# it compile your files (exercises/src/main/java) itself, which saves Maven's start-up on every check.
# The same without the shortcut, on any OS: ./mvnw -q -pl exercises -am test-compile exec:java
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=exercises/target/checker.classpath
# rebuild when nothing is built yet, or when anything but the learner's own files changed since (a pull, a new pom)
if [ ! -s "$cp_file" ] || [ -n "$(find pom.xml */pom.xml kafka-local/src kafka-local-test/src lab-console/src \
    lab-logging/src basics-101/src/main wikimedia-producer/src/main exercises/src/test \
    -newer "$cp_file" -print -quit)" ]; then
  ./mvnw -q -pl exercises -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$(pwd)/$cp_file"
fi
exec java -cp "exercises/target/test-classes:$(cat "$cp_file")" dev.kafka101.exercises.check.Checker --compile "$@"
