#!/usr/bin/env bash
# Installs what the app needs on a Debian machine; safe to run again.
#   scripts/setup.sh run   - to run the app (WeasyPrint libraries, Python, front-end assets)
#   scripts/setup.sh test  - the same plus Chromium and poppler-utils for the test suite
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

# WeasyPrint's libraries, and the report's typeface with every face the stylesheet uses
# (fonts-dejavu-core has no oblique; -extra does), found by name through fontconfig.
# Cairo rasterises the report's SVG charts to PNG for its Word copy (cairosvg).
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
  fonts-dejavu-core fonts-dejavu-extra fonts-liberation libcairo2)
if [ "$mode" = "test" ]; then
  packages+=(chromium poppler-utils wrk)
fi
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v python3 >/dev/null 2>&1 || packages+=(python3 python3-pip python3-venv)

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v uv >/dev/null 2>&1; then
  echo "Installing uv"
  python3 -m pip install --quiet --user uv 2>/dev/null \
    || python3 -m pip install --quiet --user --break-system-packages uv
  export PATH="$HOME/.local/bin:$PATH"
fi

# The lock file pins every Python package, so a fresh machine gets the same versions.
uv sync --frozen --quiet

if [ ! -d node_modules/govuk-frontend ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
