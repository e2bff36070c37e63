# Sourced by scripts/test. The HTML report test needs headless Chromium (Debian's package
# 'chromium'); where it is missing and this machine can install it (root, apt-get), install it
# in the background while the other checks run; the test waits for it, and skips, saying
# why, where it cannot be had.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] \
    && command -v apt-get >/dev/null 2>&1; then
  QUALDESK_CHROMIUM_DONE="$(mktemp -d)/chromium.done"
  export QUALDESK_CHROMIUM_DONE
  echo "== installing Chromium in the background for the HTML report test"
  ( DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
        > "${QUALDESK_CHROMIUM_DONE%.done}.log" 2>&1 \
      || { apt-get update -q > /dev/null 2>&1 \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium \
              >> "${QUALDESK_CHROMIUM_DONE%.done}.log" 2>&1; }
    touch "$QUALDESK_CHROMIUM_DONE" ) &
fi
