#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the portal needs (WeasyPrint's Pango, venv support) when they
# are missing. As root it installs them; otherwise it prints the exact command to run.
# `--test` adds what only the test suite needs: softhsm2 (a PKCS#11 token for the token-signing tests)
# and poppler-utils (pdfsig/pdftoppm). `--deploy` adds Debian's nginx and openssl, which CI's
# scripts/nginx-smoke.sh runs in front of gunicorn. Other arguments are extra package names (e.g. chromium).
set -euo pipefail
packages=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
test_packages=(softhsm2 poppler-utils)
deploy_packages=(nginx openssl)
extra=()
for arg in "$@"; do
  case "$arg" in
    --test) extra+=("${test_packages[@]}") ;;
    --deploy) extra+=("${deploy_packages[@]}") ;;
    *) extra+=("$arg") ;;
  esac
done
missing=()
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install Pango 1.44+ for WeasyPrint yourself." >&2
  exit 0
fi
for pkg in "${packages[@]}" "${extra[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
# python3-venv is only needed when the interpreter lacks ensurepip (pyenv builds have it).
if python3 -c "import ensurepip" >/dev/null 2>&1; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "system-deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "system-deps: missing packages. Run as root:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
