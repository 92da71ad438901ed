#!/usr/bin/env bash
# random-uuid, and format of a KRaft node's log.dirs (format -t <uuid> -c config/server.properties --standalone).
# Apache Kafka 4.4.0's own tool class, from Maven jars (see kafka-run-class.sh). docs/cli.md shows the 4.4 spellings.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
