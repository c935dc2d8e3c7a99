#!/usr/bin/env bash
# Run the whole suite. pytest's exit code 5 (no tests collected) counts as a failure here:
# a suite that runs nothing proves nothing.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest "$@"
status=$?
if [ $status -eq 5 ]; then
  echo "error: no tests were collected" >&2
fi
exit $status
