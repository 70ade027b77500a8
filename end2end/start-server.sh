#!/usr/bin/env bash
# Started by Playwright's webServer from the repository root: a fresh demo database every run.
set -euo pipefail
rm -rf "${THROUGHCARE_DATA_DIR:?}"
exec "${THROUGHCARE_SERVER_BIN:-target/release/server}"
