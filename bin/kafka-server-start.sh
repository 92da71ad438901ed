#!/usr/bin/env bash
# Starts one Kafka KRaft node (broker and/or controller) in the foreground: bin/kafka-server-start.sh config/server.properties
# Apache Kafka 4.4.0's kafka.Kafka from Maven jars (see kafka-run-class.sh). Ctrl-C / SIGTERM shuts it down cleanly.
if [ $# -lt 1 ]; then
  echo "usage: $(basename "$0") config/server.properties [--override property=value]..." >&2
  exit 2
fi
if [ ! -r "$1" ]; then
  echo "error: cannot read $1" >&2
  exit 2
fi
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m}"
export KAFKA_LOG_LEVEL="${KAFKA_LOG_LEVEL:-info}"
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" kafka.Kafka "$@"
