#!/usr/bin/env bash
# Create, list, describe, alter and delete topics.
# Apache Kafka 4.4.0's own tool class, from Maven jars (see kafka-run-class.sh). docs/cli.md shows the 4.4 spellings.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.TopicCommand "$@"
