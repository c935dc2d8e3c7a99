#!/usr/bin/env bash
# Re-fetch the vendored front-end files under static/vendor/ from the npm registry.
#
# The site runs on an offline intranet: nothing is ever loaded from a CDN, so the
# exact files are kept in the repository. This script rebuilds them from pinned
# npm tarballs, checks each tarball against its pinned sha512 integrity, and
# copies only the files the site uses (no source maps).
#
#   scripts/vendor.sh          # (re)write static/vendor/{bootstrap,bootstrap-icons,htmx}
#   scripts/vendor.sh --check  # rebuild in a temp dir and diff against static/vendor (exit 1 on drift)
#
# Idempotent: each package folder is replaced whole, so running it twice gives
# the same tree. To move to a new version, change the VERSION and INTEGRITY
# lines below (INTEGRITY from `npm view <pkg>@<version> dist.integrity`) and
# update static/vendor/README.md.
#
# The only change made to upstream files: the trailing `sourceMappingURL`
# comment is removed from bootstrap.min.css and bootstrap.bundle.min.js, since
# the .map files are not shipped (Django's ManifestStaticFilesStorage, used by
# whitenoise in production, fails collectstatic on a missing map file).
set -euo pipefail

BOOTSTRAP_VERSION="5.3.9"
BOOTSTRAP_INTEGRITY="sha512-20cU0rcfw8WdxtVbmfU+xT2EjvVTw9Ror/h1Qvd7DXCujRg8OO9mdBCsmTHdJFf3BuadmBNJtgIuUXsBqSkk/w=="
ICONS_VERSION="1.11.4"
ICONS_INTEGRITY="sha512-P/3I5KsoS8tDvpBLolRBZnRkkKysUXM8Rm00nnazHY+eZ/o/smJZEDPbKI+d+XZLWdiaYDBB+ikUiCl7BogyKg=="
HTMX_VERSION="2.0.11"
HTMX_INTEGRITY="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECK=0
case "${1:-}" in
  "") ;;
  --check) CHECK=1 ;;
  -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

command -v npm >/dev/null || { echo "vendor.sh: npm is required" >&2; exit 1; }
command -v node >/dev/null || { echo "vendor.sh: node is required" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/vendor-work.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [ "$CHECK" = 1 ]; then
  DEST="$WORK/out"
else
  DEST="$ROOT/static/vendor"
fi

# fetch NAME VERSION INTEGRITY -> prints the folder holding the extracted package/
fetch() {
  local name="$1" version="$2" integrity="$3" tgz actual dir
  tgz="$(cd "$WORK" && npm pack --silent "${name}@${version}" | tail -n 1)"
  actual="$(node -e '
    const c = require("crypto"), fs = require("fs");
    process.stdout.write("sha512-" + c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"));
  ' "$WORK/$tgz")"
  if [ "$actual" != "$integrity" ]; then
    echo "vendor.sh: integrity mismatch for ${name}@${version}" >&2
    echo "  expected $integrity" >&2
    echo "  got      $actual" >&2
    exit 1
  fi
  dir="$WORK/${name}-${version}"
  mkdir -p "$dir"
  tar -xzf "$WORK/$tgz" -C "$dir"
  echo "$dir/package"
}

# put SRC DST [strip-sourcemap]
put() {
  mkdir -p "$(dirname "$2")"
  if [ "${3:-}" = strip ]; then
    sed '/sourceMappingURL=/d' "$1" > "$2"
  else
    cp "$1" "$2"
  fi
  chmod 0644 "$2"
}

echo "vendor.sh: fetching bootstrap@$BOOTSTRAP_VERSION, bootstrap-icons@$ICONS_VERSION, htmx.org@$HTMX_VERSION" >&2
BS="$(fetch bootstrap "$BOOTSTRAP_VERSION" "$BOOTSTRAP_INTEGRITY")"
BI="$(fetch bootstrap-icons "$ICONS_VERSION" "$ICONS_INTEGRITY")"
HX="$(fetch htmx.org "$HTMX_VERSION" "$HTMX_INTEGRITY")"

rm -rf "$DEST/bootstrap" "$DEST/bootstrap-icons" "$DEST/htmx"

put "$BS/dist/css/bootstrap.min.css"       "$DEST/bootstrap/bootstrap.min.css" strip
put "$BS/dist/js/bootstrap.bundle.min.js"  "$DEST/bootstrap/bootstrap.bundle.min.js" strip
put "$BS/LICENSE"                          "$DEST/bootstrap/LICENSE"

# The css loads url("fonts/bootstrap-icons.woff2?..."): keep fonts/ beside it.
put "$BI/font/bootstrap-icons.min.css"     "$DEST/bootstrap-icons/bootstrap-icons.min.css"
put "$BI/font/fonts/bootstrap-icons.woff2" "$DEST/bootstrap-icons/fonts/bootstrap-icons.woff2"
put "$BI/font/fonts/bootstrap-icons.woff"  "$DEST/bootstrap-icons/fonts/bootstrap-icons.woff"
put "$BI/LICENSE"                          "$DEST/bootstrap-icons/LICENSE"

put "$HX/dist/htmx.min.js"                 "$DEST/htmx/htmx.min.js"
put "$HX/LICENSE"                          "$DEST/htmx/LICENSE"

# No source maps, and every url() in the icons css must resolve to a shipped file.
if grep -l 'sourceMappingURL=' "$DEST"/bootstrap/* "$DEST"/bootstrap-icons/*.css "$DEST"/htmx/*.js; then
  echo "vendor.sh: a sourceMappingURL is left in the files above" >&2
  exit 1
fi
for ref in $(grep -o 'url("[^")?#]*' "$DEST/bootstrap-icons/bootstrap-icons.min.css" | sed 's/^url("//'); do
  [ -f "$DEST/bootstrap-icons/$ref" ] || { echo "vendor.sh: missing $ref for bootstrap-icons css" >&2; exit 1; }
done

if [ "$CHECK" = 1 ]; then
  status=0
  for pkg in bootstrap bootstrap-icons htmx; do
    diff -r "$DEST/$pkg" "$ROOT/static/vendor/$pkg" >/dev/null 2>&1 || {
      echo "vendor.sh: static/vendor/$pkg differs from the pinned npm tarball" >&2
      status=1
    }
  done
  [ "$status" = 0 ] && echo "vendor.sh: static/vendor matches the pinned versions" >&2
  exit "$status"
fi

echo "vendor.sh: wrote $DEST/{bootstrap,bootstrap-icons,htmx}:" >&2
(cd "$DEST" && find bootstrap bootstrap-icons htmx -type f | sort | xargs sha256sum) >&2
