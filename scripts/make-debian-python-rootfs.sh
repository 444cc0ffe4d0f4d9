#!/usr/bin/env bash
# Builds a small Debian python3 rootfs from Debian's own packages, without running anything from
# them: `apt-get download` + `dpkg-deb -x`, then the usrmerge symlinks Debian 12 has
# (/lib -> usr/lib, ...). Tests use it as "a real Python rootfs"; its Python minor version is
# whatever Debian ships (3.11 on Debian 12), which minops must not depend on.
# Usage: make-debian-python-rootfs.sh OUT_DIR [PACKAGE...]   (OUT_DIR must not exist; built beside
# it, renamed). Extra packages (python3-numpy) come with their dependencies; the symlinks their
# maintainer scripts would make with `update-alternatives --install` are made here, the way
# update-alternatives makes them (LINK -> /etc/alternatives/NAME -> PATH, both absolute).
set -euo pipefail
out=${1:?usage: make-debian-python-rootfs.sh OUT_DIR [PACKAGE...]}
shift
extra=("$@")
[ -e "$out" ] && { echo "$out exists" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
work=$(mktemp -d "$(dirname "$out")/.debian-rootfs.XXXXXX")
trap 'rm -rf "$work"' EXIT

find_python() { apt-cache depends python3 2>/dev/null | awk '/Depends: python3\.[0-9]+$/ {print $2; exit}'; }
py=$(find_python)
# A fresh machine may have no package lists yet.
[ -n "$py" ] || { apt-get update -qq >/dev/null 2>&1 || true; py=$(find_python); }
[ -n "$py" ] || { echo "apt-cache knows no python3 (run apt-get update)" >&2; exit 1; }
# The interpreter, its stdlib and every library they link, plus python3-yaml (a C extension with
# its own shared library) for the site-packages example. Tools that only dpkg scripts use are left
# out (perl, dpkg, tar, mime-support).
pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
         --no-replaces --no-enhances "$py" python3-yaml 2>/dev/null \
       | grep -v '^ ' | sort -u \
       | grep -Ev '^(dpkg|perl.*|libperl.*|tar|install-info|mailcap|mime-support|python3|python3-minimal|python3\.[0-9]+-minimal-dbg|<.*>)$' || true)
pkgs="$pkgs python3-yaml libyaml-0-2 libc-bin base-files"
# Extra packages are resolved as `apt-get install` would on an empty system (one provider per
# virtual package: libblas3 for libblas.so.3, not every BLAS), minus the same dpkg-only tools.
if [ ${#extra[@]} -gt 0 ]; then
  pkgs="$pkgs $(apt-get -s -o Dir::State::status=/dev/null install --no-install-recommends "${extra[@]}" 2>/dev/null \
    | awk '$1 == "Inst" { print $2 }' \
    | grep -Ev '^(dpkg|perl.*|libperl.*|tar|install-info|mailcap|mime-support|python3|python3-minimal)$' | tr '\n' ' ')"
fi
mkdir -p "$work/debs" "$work/root"
(cd "$work/debs" && apt-get download -qq $pkgs >/dev/null)
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
# The dpkg database as dpkg records an installed package: its control fields in status, its
# paths in info/<package>.list (so the tree can be asked which package owns a file).
mkdir -p "$work/root/var/lib/dpkg/info"
for deb in "$work"/debs/*.deb; do
  name=$(dpkg-deb -f "$deb" Package)
  { dpkg-deb -f "$deb" Package Version Architecture Depends Pre-Depends; echo "Status: install ok installed"; echo; } >> "$work/root/var/lib/dpkg/status"
  dpkg-deb -c "$deb" | awk '{ p = $6; sub(/^\./, "", p); sub(/\/$/, "", p); print (p == "" ? "/." : p) }' > "$work/root/var/lib/dpkg/info/$name.list"
done
# update-alternatives --install LINK NAME PATH PRIORITY, continuation lines joined; the highest
# priority wins per NAME, as in update-alternatives' automatic mode.
for deb in "$work"/debs/*.deb; do
  dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./postinst 2>/dev/null || true
done | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' \
  | awk '$1 == "update-alternatives" && $2 == "--install" { print $6, $4, $3, $5 }' \
  | sort -k1,1nr | awk '!seen[$2]++ { print $2, $3, $4 }' \
  | while read -r name link path; do
      [ -e "$work/root$path" ] || continue
      mkdir -p "$work/root/etc/alternatives" "$(dirname "$work/root$link")"
      ln -sfn "$path" "$work/root/etc/alternatives/$name"
      ln -sfn "/etc/alternatives/$name" "$work/root$link"
    done
# Debian 12 is usr-merged: fold /bin, /sbin, /lib, /lib64 into /usr and leave symlinks.
for d in bin sbin lib lib64; do
  if [ -d "$work/root/$d" ] && [ ! -L "$work/root/$d" ]; then
    mkdir -p "$work/root/usr/$d"
    cp -a "$work/root/$d/." "$work/root/usr/$d/"
    rm -rf "$work/root/$d"
  fi
  mkdir -p "$work/root/usr/$d"
  ln -s "usr/$d" "$work/root/$d"
done
# dpkg's alternatives are not run; give `python3` the name the python3 package would.
[ -e "$work/root/usr/bin/python3" ] || ln -s "$py" "$work/root/usr/bin/python3"
echo "$py" > "$work/root/.minops-test-python"
mv -T "$work/root" "$out"
