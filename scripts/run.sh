#!/usr/bin/env bash
# README command 1: install what is missing, build, and serve Throughcare with demo data.
# Without DATABASE_URL the server starts its own PostgreSQL in .pgdata/ and seeds it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
bash scripts/install-tools.sh
exec cargo leptos serve --release --precompress -- "$@"
