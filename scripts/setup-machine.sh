#!/usr/bin/env bash
# Installs the Debian packages minops and its tests use, when they are missing. Idempotent.
#   qemu-system-x86  boots images        podman buildah runc  the container-engine path
#   pax-utils        lddtree, the ELF oracle in tests (python3-pyelftools is what it runs on)
#   chromium         renders the HTML report in tests        zstd  makes zstd layers in tests
set -euo pipefail
need=()
for pair in qemu-system-x86_64:qemu-system-x86 podman:podman buildah:buildah runc:runc \
            lddtree:pax-utils chromium:chromium zstd:zstd; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
/usr/bin/python3 -c 'import elftools' >/dev/null 2>&1 || need+=(python3-pyelftools)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
