#!/usr/bin/env bash
# Runs one of Apache Kafka's own classes (4.4.0) from the Maven-resolved jars, like Kafka's bin/kafka-run-class.sh.
# The class path is resolved once (./mvnw -q -pl kafka-cli -am compile dependency:build-classpath) and cached in
# kafka-cli/target/cli.classpath; it is re-resolved when a pom.xml is newer than the cache.
# Environment: KAFKA_HEAP_OPTS (default -Xmx256m), KAFKA_LOG_LEVEL (slf4j level, default warn), KAFKA_OPTS, JAVA_HOME,
# KAFKA_CLI_CLASSPATH (a class path to use as is, instead of the one Maven resolves).
# Runs from any folder: a relative file after -c/--config, --command-config, --producer.config or --consumer.config is
# looked up in the current folder first, then in the project root (so config/server.properties works anywhere).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $(basename "$0") <main class> [args...]" >&2
  exit 2
fi
# Fail fast, in one line, when no --bootstrap-server answers or a broker's listener ports are taken (before any JVM)
"$(dirname "${BASH_SOURCE[0]}")/kafka-precheck.sh" "$@" || exit $?
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# the file as given if it exists here (or is absolute), else the same path under the project root if it exists there
resolve_file() {
  if [[ "$1" != /* ]] && [ ! -e "$1" ] && [ -e "$ROOT/$1" ]; then printf '%s' "$ROOT/$1"; else printf '%s' "$1"; fi
}
ARGS=()
file_next=false
for arg in "$@"; do
  if $file_next; then
    arg="$(resolve_file "$arg")"
    file_next=false
  else
    case "$arg" in
      -c|--config|--command-config|--producer.config|--consumer.config) file_next=true ;;
      --config=*|--command-config=*|--producer.config=*|--consumer.config=*) arg="${arg%%=*}=$(resolve_file "${arg#*=}")" ;;
    esac
  fi
  ARGS+=("$arg")
done
CP_FILE="$ROOT/kafka-cli/target/cli.classpath"
if [ -n "${KAFKA_CLI_CLASSPATH:-}" ]; then
  :
elif [ ! -s "$CP_FILE" ] || [ "$ROOT/pom.xml" -nt "$CP_FILE" ] || [ "$ROOT/kafka-cli/pom.xml" -nt "$CP_FILE" ]; then
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
  -cp "${KAFKA_CLI_CLASSPATH:-$(cat "$CP_FILE")}" "${ARGS[@]}"
