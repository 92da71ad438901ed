#!/usr/bin/env bash
# Prints records to stdout (partition, key, timestamp... with the formatter's --formatter-property).
# Apache Kafka 4.4.0's own tool class, from Maven jars (see kafka-run-class.sh). docs/cli.md shows the 4.4 spellings.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.consumer.ConsoleConsumer "$@"
