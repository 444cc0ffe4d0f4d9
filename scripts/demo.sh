#!/usr/bin/env bash
# `npm run demo`: install what minops uses, build it, and run examples/hello.py on the default
# rootfs. On a machine with no registry and no release server (CI's kind), the Python base image
# and the Nanos release are taken from ../shared when it sits beside the clone: the image is
# loaded into podman, and the release tarball is served on 127.0.0.1 for minops's own kernel
# fetch. Elsewhere minops pulls and fetches them itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-machine.sh
npm ci
shared=../shared
image=docker.io/library/python:3.10.18-slim-bookworm
archive=$shared/images/python-3.10.18-slim-bookworm.docker.tar.zst
if [ -f "$archive" ] && ! podman image exists "$image"; then podman load -q -i "$archive"; fi
server=
if [ -z "${MINOPS_RELEASE_URL:-}" ] && [ -d "$shared/nanos/tarball" ] && ! node bin/minops.js kernel ls --json | grep -q '"kernelImg"'; then
  port_file=$(mktemp)
  node -e '
    const http = require("node:http"), fs = require("node:fs"), path = require("node:path");
    const root = path.resolve(process.argv[1]);
    const server = http.createServer((req, res) => {
      const file = path.join(root, path.normalize(decodeURIComponent(req.url.split("?")[0])));
      if (!file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
      fs.stat(file, (err, st) => {
        if (err || !st.isFile()) { res.writeHead(404).end(); return; }
        res.writeHead(200, { "content-length": st.size });
        fs.createReadStream(file).pipe(res);
      });
    }).listen(0, "127.0.0.1", () => fs.writeFileSync(process.argv[2], String(server.address().port)));
  ' "$shared/nanos/tarball" "$port_file" &
  server=$!
  trap 'kill $server 2>/dev/null || true; rm -f "$port_file"' EXIT
  for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
  export MINOPS_RELEASE_URL="http://127.0.0.1:$(cat "$port_file")/"
fi
node bin/minops.js run examples/hello.py
