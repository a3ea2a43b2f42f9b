#!/usr/bin/env bash
# A software Vulkan device (Mesa's lavapipe) for the WebGPU tests on machines without a GPU.
# Dawn (npm `webgpu`) refuses Mesa 22.3's lavapipe, Debian bookworm's own (it lacks
# shaderUniform*ArrayDynamicIndexing); Mesa >= 23 works, and bookworm-backports has Mesa 25.
# The backports source is derived from the machine's own Debian source entry (same mirror, same
# signing key), so no mirror host is written here. Idempotent: does nothing once a Mesa >= 23
# Vulkan driver is installed.
set -euo pipefail

MIN_MESA_MAJOR=23

mesa_major() {
  local version
  version=$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  # "25.0.7-2~bpo12+1" -> 25; an epoch ("1:25.0.7") is not used by Debian's mesa.
  echo "${version%%.*}"
}

installed=$(mesa_major)
if [[ -n "$installed" && "$installed" -ge "$MIN_MESA_MAJOR" ]]; then
  exit 0
fi

# shellcheck disable=SC1091
. /etc/os-release
apt_target=()
if [[ "${VERSION_CODENAME:-}" == bookworm ]]; then
  backports=/etc/apt/sources.list.d/bookworm-backports.sources
  if [[ ! -f "$backports" ]]; then
    # Copy the deb822 stanza whose Suites include "bookworm", with Suites set to the backports suite.
    source_file=""
    for candidate in /etc/apt/sources.list.d/*.sources; do
      if grep -Eq '^Suites:(.*[[:space:]])?bookworm([[:space:]]|$)' "$candidate"; then
        source_file=$candidate
        break
      fi
    done
    if [[ -z "$source_file" ]]; then
      echo "lavapipe.sh: no deb822 source under /etc/apt/sources.list.d/ lists the bookworm suite;" >&2
      echo "add bookworm-backports by hand, then: apt-get install -t bookworm-backports mesa-vulkan-drivers" >&2
      exit 1
    fi
    awk '
      BEGIN { RS = ""; ORS = "\n\n" }
      $0 ~ /(^|\n)Suites:([^\n]*[ \t])?bookworm([ \t]|\n|$)/ {
        sub(/(^|\n)Suites:[^\n]*/, (substr($0, 1, 7) == "Suites:" ? "" : "\n") "Suites: bookworm-backports")
        print
        exit
      }
    ' "$source_file" >"$backports.tmp"
    mv "$backports.tmp" "$backports"
  fi
  apt_target=(-t bookworm-backports)
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${apt_target[@]}" mesa-vulkan-drivers vulkan-tools >/dev/null

installed=$(mesa_major)
if [[ -z "$installed" || "$installed" -lt "$MIN_MESA_MAJOR" ]]; then
  echo "lavapipe.sh: mesa-vulkan-drivers ${installed:-(none)} installed; Dawn needs Mesa >= $MIN_MESA_MAJOR" >&2
  exit 1
fi
