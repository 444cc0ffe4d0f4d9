#!/usr/bin/env bash
# Installs the Debian packages minops uses, when they are missing. Idempotent.
#   qemu-system-x86  boots images        podman buildah runc  builds the default rootfs
# With --tests, also what the tests use:
#   pax-utils + python3-pyelftools  lddtree, the ELF oracle
#   chromium                        renders the HTML report        zstd  makes zstd layers
set -euo pipefail
pairs=(qemu-system-x86_64:qemu-system-x86 podman:podman buildah:buildah runc:runc)
[ "${1:-}" = "--tests" ] && pairs+=(lddtree:pax-utils chromium:chromium zstd:zstd)
need=()
for pair in "${pairs[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
if [ "${1:-}" = "--tests" ]; then
  /usr/bin/python3 -c 'import elftools' >/dev/null 2>&1 || need+=(python3-pyelftools)
fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
