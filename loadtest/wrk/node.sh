#!/usr/bin/env bash
# Starts a throw-away node for wrk runs: loadtest/wrk/node.sh PORT DATA_DIR [extra JVM options]
# Prints the node's pid; logs go to DATA_DIR/node.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
port="$1"; dir="$2"; shift 2
mkdir -p "$dir"
KMS_HTTP_PORT="$port" KMS_DATA_DIR="$dir" KMS_REMOTE_PORT=0 KMS_JAVA_OPTS="$*" \
  setsid "$root/ops/bin/kms-node" >"$dir/node.log" 2>&1 &
echo $!
