#!/bin/sh
# Rebuild web/static/govuk/ from the npm registry (the built files are committed, so a fresh
# machine needs none of this). Usage: web/static/build-govuk.sh  (or: make assets)
set -eu
VERSION=6.3.0   # the version govuk-frontend-jinja 4.1.0's templates target
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "govuk-frontend@$VERSION" sass
DIST=node_modules/govuk-frontend/dist/govuk
npx sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules \
  "$HERE/src/govuk.scss" "$HERE/govuk/govuk-frontend.min.css"
cp "$DIST/govuk-frontend.min.js" "$HERE/govuk/govuk-frontend.min.js"
# No fonts (the system stack needs none) and no crown, crest or GOV.UK icons: this is a
# council's service, so nothing from $DIST/assets is copied (Pathway's own favicon is beside).
if grep -q 'url(' "$HERE/govuk/govuk-frontend.min.css"; then
  echo "note: the CSS refers to these assets, used only by components Pathway does not show:"; grep -o 'url([^)]*)' "$HERE/govuk/govuk-frontend.min.css" | sort -u
fi
echo "$VERSION" > "$HERE/govuk/VERSION"
echo "built web/static/govuk/ from govuk-frontend $VERSION"
