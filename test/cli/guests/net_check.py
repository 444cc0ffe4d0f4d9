# For test/cli/mounts.test.ts (--net user): resolve names through QEMU's DNS, then talk to a
# service on the host's loopback through QEMU's host address. argv: PORT NAME
import socket, sys

port, name = int(sys.argv[1]), sys.argv[2]
for host in ["localhost", name]:
    try:
        found = sorted({a[4][0] for a in socket.getaddrinfo(host, 80, socket.AF_INET, socket.SOCK_STREAM)})
        print(f"CHECK resolve:{host} {' '.join(found)}", flush=True)
    except OSError as e:
        print(f"CHECK resolve:{host} error {e}", flush=True)
with socket.create_connection(("10.0.2.2", port), timeout=20) as s:
    s.sendall(b"ping from the guest\n")
    print(f"CHECK reply {s.recv(100).decode().strip()}", flush=True)
