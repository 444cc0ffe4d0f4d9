#!/usr/bin/env bash
# A QEMU newer than Debian 12's, for the tests that boot on NVMe. QEMU before 11.1 drops the first
# interrupt of Nanos's NVMe driver (src/vm/disk-bus.ts), and Debian 12, backports included, has
# 10.0 at most. The next Debian release's backports carry a QEMU that works: its package and every
# library it needs are unpacked into a root of their own, never over the machine's packages, and
# its binary is pointed at that root's dynamic loader and libraries; bin/qemu-system-x86_64 runs it
# with that root's firmware and modules. Idempotent; prints the path of that command. Test tooling
# only: minops itself uses whatever qemu-system-x86_64 is on PATH.
set -euo pipefail
suite=${MINOPS_TEST_QEMU_SUITE:-trixie}
root=${MINOPS_TEST_QEMU_ROOT:-/var/cache/minops-tests/qemu-$suite-backports}
qemu=$root/bin/qemu-system-x86_64
if [ -x "$qemu" ] && "$qemu" --version >/dev/null 2>&1; then echo "$qemu"; exit 0; fi

command -v patchelf >/dev/null 2>&1 || { echo "install-test-qemu: needs patchelf (apt-get install patchelf)" >&2; exit 1; }
# The Debian mirror this machine's apt already uses, so nothing else is named here.
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
mirror=$(apt-get indextargets --no-release-info --format '$(RELEASE) $(REPO_URI)' 'Component: main' | awk -v s="$codename" '$1 == s { print $2; exit }')
[ -n "$mirror" ] || { echo "install-test-qemu: no apt source for $codename main on this machine" >&2; exit 1; }

mkdir -p "${root%/*}"
work=$(mktemp -d "${root%/*}/.qemu-$suite.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/parts" "$work/unpacked"
touch "$work/status"  # an empty package database: apt fetches the whole closure, libc included
for s in "$suite" "$suite-updates" "$suite-backports"; do
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $s main"
done >"$work/sources.list"
apt=(apt-get -qq
  -o Dir::Etc::sourcelist="$work/sources.list" -o Dir::Etc::sourceparts="$work/parts"
  -o Dir::Etc::preferencesparts="$work/parts" -o Dir::State::Lists="$work/lists"
  -o Dir::State::status="$work/status" -o Dir::Cache::archives="$work/archives"
  -o Dir::Cache::pkgcache="" -o Dir::Cache::srcpkgcache=""
  -o APT::Install-Recommends=false -o APT::Sandbox::User=root -o Debug::NoLocking=1)
"${apt[@]}" update
"${apt[@]}" install --download-only -y -t "$suite-backports" qemu-system-x86 >/dev/null
for deb in "$work"/archives/*.deb; do dpkg-deb -x "$deb" "$work/unpacked"; done

# Patched and written for the final path, then moved there in one rename: a half-made root is
# never seen.
libs=$root/usr/lib/x86_64-linux-gnu
patchelf --set-interpreter "$libs/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$libs" "$work/unpacked/usr/bin/qemu-system-x86_64"
# Debian builds QEMU to look for firmware (SeaBIOS, the NICs' option ROMs) and modules at fixed
# /usr paths, which here hold the machine's own QEMU 7.2 files, or nothing.
mkdir -p "$work/unpacked/bin"
{
  echo '#!/bin/sh'
  echo "export QEMU_MODULE_DIR='$libs/qemu'"
  echo "exec '$root/usr/bin/qemu-system-x86_64' -L '$root/usr/share/qemu' -L '$root/usr/share/seabios' \"\$@\""
} >"$work/unpacked/bin/qemu-system-x86_64"
chmod +x "$work/unpacked/bin/qemu-system-x86_64"
rm -rf "$root"
mv -T "$work/unpacked" "$root"
"$qemu" --version >/dev/null
echo "$qemu"
