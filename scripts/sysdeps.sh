#!/usr/bin/env bash
# System packages the project needs: Chromium for browser tests, a CJK font for screenshots,
# poppler for PDF checks, pango for WeasyPrint, gettext for messages, wrk for `make bench`. Installs with apt when
# something is missing and we can; otherwise says what is missing and carries on.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
[ ${#need[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "warning: could not install ${need[*]}; browser tests and PDF checks may be skipped" >&2
else
  echo "warning: missing system packages (${need[*]}) and no apt-get; install them by hand" >&2
fi
exit 0
