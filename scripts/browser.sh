# Sourced by scripts/test.sh (or run on its own): installs Debian's Chromium and a CJK font for the console's
# browser tests if they are missing, and exports KITH_CHROMIUM. Playwright drives this browser; it never
# downloads one of its own. Idempotent: apt-get runs only when something is missing.

kith_browser_install() {
  local SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing $* ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

kith_browser_missing=()
[ -x /usr/bin/chromium ] || kith_browser_missing+=(chromium)
# Without a CJK font the zh-CN pages (and their screenshots) show boxes instead of Chinese.
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || kith_browser_missing+=(fonts-noto-cjk)
if [ ${#kith_browser_missing[@]} -gt 0 ]; then
  kith_browser_install "${kith_browser_missing[@]}"
fi
unset kith_browser_missing

export KITH_CHROMIUM=/usr/bin/chromium
echo "Chromium: $("$KITH_CHROMIUM" --version 2>/dev/null || echo "missing at $KITH_CHROMIUM")"
