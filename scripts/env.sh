# Shared by the run and test scripts: where builds go and which tools are used.
export PATH="$HOME/.cargo/bin:$PATH"
# A build cache outside the clone, so a fresh checkout reuses compiled dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/throughcare/target}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# Each CI run builds a fresh clone at a new path, so incremental state is never reused and only
# fills the disk; the shared cache of compiled dependencies is what saves time.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
