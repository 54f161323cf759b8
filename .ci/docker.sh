#!/usr/bin/env bash
# Make sure a Docker engine answers, for the container suite.
#
# When one already answers (a developer's Docker, a CI service), this does nothing. Otherwise it installs
# Debian's docker.io and starts dockerd without the default bridge, iptables or masquerading: every
# container the harness starts runs with network mode "none", so no network set-up is wanted.
set -euo pipefail

WAIT_SECONDS="${DOCKER_WAIT_SECONDS:-60}"

engine_answers() {
  docker info >/dev/null 2>&1
}

if command -v docker >/dev/null 2>&1 && engine_answers; then
  echo "docker.sh: an engine already answers; nothing to do"
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  echo "docker.sh: installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y docker.io
fi

log_file="$(mktemp "${TMPDIR:-/tmp}/dockerd.XXXXXX.log")"
echo "docker.sh: starting dockerd (log: $log_file)"
nohup dockerd --bridge=none --iptables=false --ip-masq=false >"$log_file" 2>&1 &
dockerd_pid=$!

for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
  if engine_answers; then
    echo "docker.sh: engine ready (dockerd pid $dockerd_pid)"
    exit 0
  fi
  if ! kill -0 "$dockerd_pid" 2>/dev/null; then
    echo "docker.sh: dockerd exited; last lines of its log:" >&2
    tail -n 20 "$log_file" >&2
    exit 1
  fi
  sleep 0.5
done

echo "docker.sh: no answer from dockerd after ${WAIT_SECONDS}s; last lines of its log:" >&2
tail -n 20 "$log_file" >&2
exit 1
