#!/usr/bin/env bash
# Runs one of Apache Kafka's own classes (4.4.0) from the Maven-resolved jars, like Kafka's bin/kafka-run-class.sh.
# The class path is resolved once (./mvnw -q -pl kafka-cli -am compile dependency:build-classpath) and cached in
# kafka-cli/target/cli.classpath; it is re-resolved when a pom.xml is newer than the cache.
# Environment: KAFKA_HEAP_OPTS (default -Xmx256m), KAFKA_LOG_LEVEL (slf4j level, default warn), KAFKA_OPTS, JAVA_HOME.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $(basename "$0") <main class> [args...]" >&2
  exit 2
fi
# Fail fast, in one line, when no --bootstrap-server answers or a broker's listener ports are taken (before any JVM)
"$(dirname "${BASH_SOURCE[0]}")/kafka-precheck.sh" "$@" || exit $?
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CP_FILE="$ROOT/kafka-cli/target/cli.classpath"
if [ ! -s "$CP_FILE" ] || [ "$ROOT/pom.xml" -nt "$CP_FILE" ] || [ "$ROOT/kafka-cli/pom.xml" -nt "$CP_FILE" ]; then
  echo "kafka-cli: resolving Apache Kafka's tool class path (once): ./mvnw -q -pl kafka-cli -am compile dependency:build-classpath" >&2
  if ! (cd "$ROOT" && ./mvnw -q -B -pl kafka-cli -am compile dependency:build-classpath) >&2; then
    echo "error: could not resolve the Kafka tools' class path with Maven (see above)" >&2
    exit 2
  fi
  # build-classpath leaves an unchanged file untouched: mark it fresh, or every run would resolve again
  touch "$CP_FILE"
fi
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi
if ! command -v "$JAVA" >/dev/null 2>&1; then
  echo "error: no java found: install a JDK 17+ or set JAVA_HOME" >&2
  exit 2
fi
# the JDK's warnings about Kafka's dependencies (lz4's JNI code, sun.misc.Unsafe) off, on the JDKs that print them
QUIET_JDK_FLAGS="$("$(dirname "${BASH_SOURCE[0]}")/kafka-jvm-flags.sh" "$JAVA")"
# shellcheck disable=SC2086  # KAFKA_HEAP_OPTS and KAFKA_OPTS hold several words on purpose
exec "$JAVA" ${KAFKA_HEAP_OPTS:--Xmx256m} -XX:+UseSerialGC -XX:TieredStopAtLevel=1 $QUIET_JDK_FLAGS \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="${KAFKA_LOG_LEVEL:-warn}" ${KAFKA_OPTS:-} \
  -cp "$(cat "$CP_FILE")" "$@"
