#!/usr/bin/env bash
# A production install on a fresh clone, as a deployment does it: no dev dependencies, the documented
# build and start against an embedded Azurite, one sign-in, a clean stop. Run by .ci/run.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM -- "-$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "[prod-check] a fresh clone in $work, installed without dev dependencies"
git clone -q "$src" "$work/console"
cd "$work/console"
npm ci --omit=dev --no-audit --no-fund --loglevel=error
npm run build >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; exit 1; }

port=3390
password="$(node -e "console.log(require('crypto').randomBytes(18).toString('base64url'))")"
# Settings from .env files, as a deployment may keep them: .env.local wins over .env, and the real
# environment (PORT here) wins over both.
printf 'ADMIN_USERNAME=not-this-one\nPORT=1\nDEMO_RECORDINGS=10\n' >.env
printf 'ADMIN_USERNAME=ops\nADMIN_PASSWORD=%s\n' "$password" >.env.local
# The start command a platform runs (README "Deploying"): node itself, not npm, which does not pass
# SIGTERM on to the app (the stop below would leave the console and Azurite running).
echo "[prod-check] starting on port $port"
PORT=$port AZURITE_BLOB_PORT=10390 AZURITE_TABLE_PORT=10392 AZURITE_LOCATION=.azurite-prod \
  setsid node --import tsx --conditions=react-server scripts/start.ts >"$work/start.log" 2>&1 &
pid=$!

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/api/ready" >/dev/null; then break; fi
  sleep 1
done
curl -sf "http://127.0.0.1:$port/api/ready" >/dev/null || { echo "[prod-check] the console did not become ready"; tail -40 "$work/start.log"; exit 1; }
curl -sf "http://127.0.0.1:$port/api/health"; echo

echo "[prod-check] signing in once"
PORT=$port PASSWORD="$password" node --input-type=module -e '
const base = `http://127.0.0.1:${process.env.PORT}`;
const csrf = await fetch(`${base}/api/auth/csrf`);
const { csrfToken } = await csrf.json();
const jar = new Map(csrf.headers.getSetCookie().map((c) => c.split(";")[0].split(/=(.*)/s).slice(0, 2)));
const res = await fetch(`${base}/api/auth/callback/credentials`, {
  method: "POST", redirect: "manual",
  headers: { Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "), "Content-Type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ csrfToken, username: "ops", password: process.env.PASSWORD, callbackUrl: "/blob-storage" }),
});
const location = res.headers.get("location") ?? "";
const session = res.headers.getSetCookie().find((c) => c.includes("session-token"));
if (location.includes("error=") || !session) { console.error(`[prod-check] sign-in failed: ${res.status} ${location}`); process.exit(1); }
const page = await fetch(`${base}/blob-storage`, { headers: { Cookie: session.split(";")[0] } });
const html = await page.text();
if (page.status !== 200 || !html.includes("Generate new tokens")) { console.error(`[prod-check] the signed-in page did not load: ${page.status}`); process.exit(1); }
console.log("[prod-check] signed in and loaded the Blob Storage page");
'

echo "[prod-check] stopping"
kill -TERM "$pid"
for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$pid" 2>/dev/null; then echo "[prod-check] the console did not stop within 40 s"; exit 1; fi
wait "$pid" && status=0 || status=$?
if [ "$status" -ne 0 ]; then echo "[prod-check] the start command exited with $status"; tail -20 "$work/start.log"; exit 1; fi
grep -q "SIGTERM: finishing the requests in flight" "$work/start.log" || { echo "[prod-check] the app was not stopped in order"; tail -20 "$work/start.log"; exit 1; }
for p in $port 10390 10392; do
  if curl -s "http://127.0.0.1:$p/" >/dev/null 2>&1; then echo "[prod-check] something still listens on $p after the stop"; exit 1; fi
done
pid=""
echo "[prod-check] production install, start, sign-in and stop: ok"
