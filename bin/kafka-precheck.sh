#!/usr/bin/env bash
# Fast checks before a bin/ script starts a JVM (kafka-run-class.sh calls this with its own arguments):
#   - a tool given --bootstrap-server (or --bootstrap-controller) host:port[,host:port]: if nothing accepts a TCP
#     connection at any of them within 2 s, one line and exit 2, instead of a minute of WARN lines and a timeout;
#   - kafka.Kafka (kafka-server-start.sh config/server.properties): if a port of its listeners is already taken,
#     one line naming what holds it and exit 2, instead of "Address already in use" inside hundreds of log lines.
# Usage: bin/kafka-precheck.sh <main class> [args...]   (exit 0: go ahead). Needs only bash.
set -uo pipefail

# 0 when something accepts a TCP connection at host:port within 2 s (bash's /dev/tcp; no other tool needed).
probe() {
  local host="$1" port="$2" pid tenths=0
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$tenths" -ge 20 ]; then
      kill "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
      return 1
    fi
    sleep 0.1
    tenths=$((tenths + 1))
  done
  wait "$pid"
}

# "host port" of host:port, [ipv6]:port or :port (empty host = this machine)
split_address() {
  local address="$1" host port
  port="${address##*:}"
  host="${address%:*}"
  host="${host#[}"
  host="${host%]}"
  case "$host" in "" | 0.0.0.0 | "::") host=127.0.0.1 ;; esac
  printf '%s %s\n' "$host" "$port"
}

# What listens on a local TCP port, e.g. "pid 4242 (dev.kafka101.local.LocalKafkaCluster)"; empty when unknown.
holder_of() {
  local port="$1" pid="" args what
  if command -v lsof >/dev/null 2>&1; then
    pid="$(lsof -nP -t -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | head -n 1)"
  fi
  if [ -z "$pid" ] && command -v ss >/dev/null 2>&1; then
    pid="$(ss -Hltnp "sport = :$port" 2>/dev/null | sed -n 's/.*pid=\([0-9][0-9]*\).*/\1/p' | head -n 1)"
  fi
  [ -n "$pid" ] || return 0
  args="$(ps -o args= -p "$pid" 2>/dev/null)"
  case "$args" in
    *LocalKafkaCluster*) what="dev.kafka101.local.LocalKafkaCluster" ;;
    *" kafka.Kafka "*) what="kafka.Kafka: a broker started by bin/kafka-server-start.sh" ;;
    *docker-proxy*) what="docker-proxy: a container, e.g. docker-compose.yml's cluster" ;;
    *) what="$(basename "${args%% *}")" ;;
  esac
  printf 'pid %s (%s)' "$pid" "$what"
}

check_bootstrap() {
  local flag="$1" servers="$2" address host port
  [ -n "${servers// /}" ] || return 0 # an empty value: the tool itself says what it expects
  IFS=',' read -r -a addresses <<<"$servers"
  for address in "${addresses[@]}"; do
    address="${address// /}"
    [ -n "$address" ] || continue
    read -r host port <<<"$(split_address "$address")"
    if probe "$host" "$port"; then
      return 0
    fi
  done
  echo "error: nothing answers at $servers ($flag): is Kafka running there? Start a local cluster first (README:" \
    "'Starting a local cluster', or docs/kraft.md), or give the address of a running one" >&2
  exit 2
}

check_listener_ports() {
  local config="$1" listeners="$2" listener address host port holder pid by
  IFS=',' read -r -a list <<<"$listeners"
  for listener in "${list[@]}"; do
    address="${listener##*://}"
    read -r host port <<<"$(split_address "$address")"
    case "$port" in '' | *[!0-9]*) continue ;; esac
    if probe "$host" "$port"; then
      holder="$(holder_of "$port")"
      if [ -n "$holder" ]; then
        pid="${holder#pid }"
        by=" by $holder: stop it first (Ctrl-C in its terminal, or kill ${pid%% *})"
      else
        by=" (a LocalKafkaCluster, another broker, Docker?): stop that first"
      fi
      echo "error: port $port (listeners=$listeners in $config) is already in use$by, or change the ports" \
        "— docs/kraft.md" >&2
      exit 2
    fi
  done
}

[ $# -ge 1 ] || exit 0
main_class="$1"
shift

if [ "$main_class" = "kafka.Kafka" ] && [ $# -ge 1 ] && [ -r "$1" ]; then
  config="$1"
  # the last listeners= line, with Java properties escapes undone (Properties.store writes PLAINTEXT\://\:9092)
  listeners="$(sed -n 's/^[[:space:]]*listeners[[:space:]]*[=:][[:space:]]*//p' "$config" | tail -n 1 \
    | sed 's/\\\(.\)/\1/g')"
  previous=""
  for arg in "$@"; do # --override listeners=... wins over the file
    if [ "$previous" = "--override" ] && [ "${arg%%=*}" = "listeners" ]; then
      listeners="${arg#listeners=}"
    fi
    previous="$arg"
  done
  listeners="${listeners%"${listeners##*[![:space:]]}"}"
  [ -z "$listeners" ] || check_listener_ports "$config" "$listeners"
fi

previous=""
for arg in "$@"; do
  case "$previous" in
    --bootstrap-server | --bootstrap-controller) check_bootstrap "$previous" "$arg" ;;
  esac
  case "$arg" in
    --bootstrap-server=* | --bootstrap-controller=*) check_bootstrap "${arg%%=*}" "${arg#*=}" ;;
  esac
  previous="$arg"
done
exit 0
