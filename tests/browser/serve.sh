# Sourced by tests/browser/run and tests/browser/screenshots: Chromium and playwright-core in
# place, the service started on a free port with a fresh seeded SQLite database ($BASE), and
# stopped on exit. FORUM_METRICS_BIN names a binary to use instead of building one.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$chromium" ]; then
    echo "==> installing Debian's chromium (not found at $chromium)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
if [ -z "${FORUM_METRICS_BIN:-}" ]; then
    (cd "$repo" && cargo build --quiet)
    FORUM_METRICS_BIN="$repo/target/debug/forum-metrics"
fi

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$port"
server=""
stop_server() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap stop_server EXIT

DATABASE_URL="sqlite://$work/browser.db" BIND="127.0.0.1:$port" SEEDS_DIR="$repo/seeds" RUST_LOG=warn \
    "$FORUM_METRICS_BIN" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
    curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "the service did not start" >&2; exit 1; }
    sleep 0.05
done
curl -fs "$BASE/readyz" >/dev/null || { echo "the service did not become ready" >&2; exit 1; }
export BASE CHROMIUM="$chromium"
