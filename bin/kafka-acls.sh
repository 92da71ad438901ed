#!/usr/bin/env bash
# Adds, removes and lists ACLs (a secured cluster: LocalKafkaCluster --secure, docs/security.md).
# Apache Kafka 4.4.0's own tool class, from Maven jars (see kafka-run-class.sh). docs/cli.md shows the 4.4 spellings.
exec "$(dirname "${BASH_SOURCE[0]}")/kafka-run-class.sh" org.apache.kafka.tools.AclCommand "$@"
