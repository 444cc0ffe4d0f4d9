#!/usr/bin/env bash
# Installs the Debian packages minops uses, when they are missing. Idempotent.
# Each line: a command (or an absolute file) that the package brings, then the package.
# With --tests, also what the tests use.
set -euo pipefail
uses=(
  "qemu-system-x86_64 qemu-system-x86"  # boots images
  "qemu-img qemu-utils"                 # mkimage --format qcow2/vmdk/vhd/containerdisk, run --image
  "podman podman"                       # builds the default rootfs
  "buildah buildah"
  "runc runc"
  "bwrap bubblewrap"                    # the sandbox the rootfs's Python runs in while planning
  "setpriv util-linux"                  # ties QEMU and the tools minops starts to minops
)
tests=(
  "lddtree pax-utils"                   # the ELF oracle (with python3-pyelftools below)
  "chromium chromium"                   # renders the HTML report
  "zstd zstd"                           # zstd layers, the shared Python image archive
  "dockerd docker.io"                   # a private Docker daemon (and the 20.10 CLI) for the docker tests
  "/usr/share/OVMF/OVMF_CODE_4M.fd ovmf"  # UEFI boots
  "docker-registry docker-registry"     # the containerdisk push/pull round trip
  "patchelf patchelf"                   # install-test-qemu.sh: the newer QEMU the NVMe boots use
)
[ "${1:-}" = "--tests" ] && uses+=("${tests[@]}")
need=()
for line in "${uses[@]}"; do
  read -r what pkg <<<"$line"
  if [ "${what:0:1}" = / ]; then [ -e "$what" ] || need+=("$pkg")
  else command -v "$what" >/dev/null 2>&1 || need+=("$pkg"); fi
done
if [ "${1:-}" = "--tests" ]; then
  /usr/bin/python3 -c 'import elftools' >/dev/null 2>&1 || need+=(python3-pyelftools)
fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
if [ "${1:-}" = "--tests" ]; then
  bash "$(dirname "$0")/install-test-qemu.sh" >/dev/null
fi
