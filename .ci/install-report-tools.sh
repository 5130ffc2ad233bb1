#!/usr/bin/env bash
# Tools the report tests need (test/report-workbook.test.ts, test/report-page.test.ts):
#   python3-openpyxl        independent reader of the workbook (not exceljs)
#   libreoffice-calc-nogui  a real spreadsheet app, headless: xlsx → CSV and PDF
#   chromium                the browser that loads the page with the network blocked
#   fonts-dejavu-core       glyphs for both renderers
# Idempotent and quiet: does nothing when all are installed; apt-get update at most once.
set -euo pipefail

packages=(python3-openpyxl libreoffice-calc-nogui chromium fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

SUDO=''
[ "$(id -u)" -ne 0 ] && SUDO='sudo'
echo "install-report-tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
