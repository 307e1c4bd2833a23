#!/usr/bin/env bash
# RabbitMQ for cluster mode without systemd: `scripts/rabbitmq.sh start` installs Debian's rabbitmq-server if
# missing, starts it detached, waits until it takes connections and enables the management console (:15672);
# `scripts/rabbitmq.sh stop` stops it; `status` exits 0 when it runs; `ctl ARGS` runs rabbitmqctl (as root).
# Idempotent: a running broker is kept.
set -euo pipefail
sudo=$([ "$(id -u)" = 0 ] || echo sudo)

running() { $sudo rabbitmqctl -q status >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    if ! command -v rabbitmq-server >/dev/null; then
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends rabbitmq-server
      # The package starts the broker only under systemd; here it is started below.
    fi
    if ! running; then
      $sudo rabbitmq-server -detached
    fi
    # A detached node registers with epmd only after a second or two, and await_startup fails at once on a node
    # epmd does not know; so first wait (up to 60 s) until the node answers, then until it has booted.
    for _ in $(seq 60); do
      $sudo rabbitmqctl -q ping >/dev/null 2>&1 && break
      sleep 1
    done
    $sudo rabbitmqctl -q --timeout 60 await_startup
    # Enabling is a no-op when already enabled; a running node takes it without restart.
    $sudo rabbitmq-plugins -q enable rabbitmq_management >/dev/null
    echo "RabbitMQ is running: amqp://localhost:5672, console http://localhost:15672 (guest/guest from localhost)"
    ;;
  stop)
    if running; then $sudo rabbitmqctl -q stop; fi
    ;;
  status)
    running
    ;;
  ctl)
    shift
    $sudo rabbitmqctl "$@"
    ;;
  *)
    echo "usage: $0 [start|stop|status|ctl ARGS]" >&2
    exit 2
    ;;
esac
