#!/usr/bin/env bash
# Runs every test: typecheck, lint (eslint.config.mjs: the architecture's boundaries), unit,
# integration (real DynamoDB Local, s3rver, SES local) and e2e (Debian's Chromium). Installs Java,
# Chromium, nginx and openssl first when they are missing (the README lists them).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing $* (Debian packages)..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
# The prescription PDF's QR code is read back in the tests: rendered by pdftoppm, decoded by zbarimg.
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi

# The SDK's notice that its 2027 releases need Node 22 would repeat in every test file; the
# lockfile pins today's SDK, which supports the Node 20 we keep.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

npx tsc -p tsconfig.json --noEmit
npx eslint --max-warnings 0 .
if [ $# -gt 0 ]; then exec npx jest --ci "$@"; fi
# The pm2 cluster test runs two more app processes: alone, after the rest, so that its timing
# (a reload under traffic, a job on the minute) and everyone else's stay unaffected on two cores.
SERIAL=test/integration/platform/pm2-cluster.test.ts
npx jest --ci --testPathIgnorePatterns "$SERIAL"
npx jest --ci "$SERIAL" --selectProjects integration
