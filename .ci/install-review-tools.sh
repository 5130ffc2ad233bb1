#!/usr/bin/env bash
# What the review-cycle tests need beyond npm: a real XLSX writer that is not exceljs
# (Python's openpyxl), used to fill in the reviewers' workbook. Idempotent: does nothing
# when openpyxl is already importable. Called by .ci/run; safe to run by hand.
set -euo pipefail

have_openpyxl() {
  for py in "${ACCESS_AUDIT_PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$py" ] && command -v "$py" >/dev/null 2>&1 && "$py" -c 'import openpyxl' >/dev/null 2>&1 && return 0
  done
  return 1
}

if have_openpyxl; then
  echo "install-review-tools: openpyxl already there"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Another apt-get may hold the lock for a while (a machine shared by several jobs): wait for it.
for attempt in $(seq 1 30); do
  if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends python3 python3-openpyxl; then
    break
  fi
  if [ "$attempt" -eq 30 ]; then
    echo "install-review-tools: apt-get failed" >&2
    exit 1
  fi
  echo "install-review-tools: apt-get busy or failed, retrying in 10 s ($attempt/30)" >&2
  sleep 10
done

if ! have_openpyxl; then
  echo "install-review-tools: python3-openpyxl installed but 'import openpyxl' fails" >&2
  exit 1
fi
echo "install-review-tools: openpyxl installed"
