#!/usr/bin/env bash
# Builds Till's container image (ops/container/Containerfile) from this repository:
#   ops/container/build.sh                          # podman, image till:latest
#   CONTAINER_TOOL=docker IMAGE=till:0.1.0 ops/container/build.sh
#   BASE=localhost/debian:bookworm-slim ops/container/build.sh     # another Debian 12 base
# CONTAINER_TOOL may carry global flags (`podman --runtime runc --cgroup-manager cgroupfs`); BUILD_FLAGS go to
# `build` (e.g. `--ulimit nofile=20000:20000` where the default limits exceed the host's).
set -euo pipefail
cd "$(dirname "$0")/../.."

read -ra tool <<< "${CONTAINER_TOOL:-podman}"
image="${IMAGE:-till:latest}"
base="${BASE:-docker.io/library/debian:bookworm-slim}"
context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT

npm run build >/dev/null
# the packages as a service outside the repository installs them: tarballs, production dependencies only
npm pack --silent --ignore-scripts --pack-destination "$context" \
  -w @till/core -w @till/http -w @till/postgres -w @till/queue -w @till/server >/dev/null
mkdir "$context/app"
echo '{ "name": "till-image", "private": true, "type": "module" }' > "$context/app/package.json"
# with the server's own effect at the top, so every package shares that one copy (effect is their peer)
effect="effect@$(node -p 'require("./apps/server/package.json").dependencies.effect')"
(cd "$context/app" && npm install --silent --omit=dev --no-audit --no-fund --prefer-offline "$context"/till-*.tgz "$effect")
[[ "$(find "$context/app/node_modules" -path '*/node_modules/effect/package.json' | wc -l)" == 1 ]] || { echo "more than one copy of effect"; exit 1; }
rm "$context"/till-*.tgz
# the Node the repository pins (the `node` package's binary), the same one the tests run on
cp node_modules/node/bin/node "$context/node"
cp ops/container/Containerfile "$context/Containerfile"

# shellcheck disable=SC2086
"${tool[@]}" build ${BUILD_FLAGS:-} --build-arg BASE="$base" -t "$image" -f "$context/Containerfile" "$context"
echo "built $image"
