#!/usr/bin/env bash
# Starts one Kafka KRaft node (broker and/or controller) in the foreground: bin/kafka-server-start.sh config/server.properties
# Apache Kafka 4.4.0's kafka.Kafka from Maven jars (see kafka-run-class.sh). Ctrl-C / SIGTERM shuts it down cleanly.
# Runs from any folder: a relative config file is looked up in the current folder first, then in the project root.
if [ $# -lt 1 ]; then
  echo "usage: $(basename "$0") config/server.properties [--override property=value]...  (a relative path: the current folder first, then the project root)" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="$1"
shift
if [[ "$CONFIG" != -* ]]; then
  if [[ "$CONFIG" != /* ]] && [ ! -e "$CONFIG" ] && [ -e "$ROOT/$CONFIG" ]; then
    CONFIG="$ROOT/$CONFIG"
  fi
  if [ ! -r "$CONFIG" ]; then
    echo "error: cannot read $CONFIG (looked in $PWD, then in $ROOT)" >&2
    exit 2
  fi
fi
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m}"
export KAFKA_LOG_LEVEL="${KAFKA_LOG_LEVEL:-info}"
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" kafka.Kafka "$CONFIG" "$@"
