#!/usr/bin/env bash
# Re-create static/vendor/leaflet/ from the leaflet npm package so that folium
# maps work without network access (served by Streamlit at
# /app/static/vendor/leaflet/...).
#
# Maintainer tool: needs npm and network; the app never runs it.
# Copies only the minified build, its CSS, the five default images and the
# BSD-2-Clause LICENSE (no source maps, no src/).
#
# Usage: scripts/fetch_static_assets.sh
set -euo pipefail

LEAFLET_VERSION="1.9.3"  # must match the Leaflet version folium loads by default

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${repo_root}/static/vendor/leaflet"
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT

(cd "${tmp}" && npm pack "leaflet@${LEAFLET_VERSION}" --silent >/dev/null)
tar -xzf "${tmp}/leaflet-${LEAFLET_VERSION}.tgz" -C "${tmp}"
pkg="${tmp}/package"

rm -rf "${dest}"
mkdir -p "${dest}/images"
cp "${pkg}/dist/leaflet.js" "${pkg}/dist/leaflet.css" "${dest}/"
for img in layers.png layers-2x.png marker-icon.png marker-icon-2x.png marker-shadow.png; do
    cp "${pkg}/dist/images/${img}" "${dest}/images/"
done
cp "${pkg}/LICENSE" "${dest}/LICENSE"

echo "Leaflet ${LEAFLET_VERSION} -> ${dest#"${repo_root}"/}"
(cd "${dest}" && find . -type f | LC_ALL=C sort | sed 's|^\./|  |')
