#!/usr/bin/env bash
# Prints the JVM flags that keep the JDK's warnings about Kafka's dependencies out of the output, for the given java
# (the same as dev.kafka101.local.JvmFlags): --enable-native-access=ALL-UNNAMED (lz4/zstd load JNI code; JDK 24+
# warns; the flag exists since 17) and, from JDK 23 on, --sun-misc-unsafe-memory-access=allow (Kafka's
# ByteBufferUnmapper calls sun.misc.Unsafe::invokeCleaner; JDK 25 warns; JDK 17-22 refuse the flag).
# Usage: bin/kafka-jvm-flags.sh <java command>. The JDK version is read from its "release" file (no JVM start).
java_bin="$(command -v "${1:-java}" 2>/dev/null)" || exit 0
java_bin="$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")"
feature="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$(dirname "$(dirname "$java_bin")")/release" 2>/dev/null)"
# an unknown version (no release file) or a JDK older than 17: no flags, rather than flags it may refuse
if [ -z "$feature" ] || [ "$feature" -lt 17 ]; then
  exit 0
elif [ "$feature" -ge 23 ]; then
  echo "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
else
  echo "--enable-native-access=ALL-UNNAMED"
fi
