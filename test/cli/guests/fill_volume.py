# Fills the volume at /full until the kernel says ENOSPC, then reads back what it holds.
import errno, hashlib, os

def check(key, value):
    print(f"CHECK {key} {value}", flush=True)

with open("/full/small.txt", "w") as f:
    f.write("written before the volume filled\n")
fd = os.open("/full/big.bin", os.O_WRONLY | os.O_CREAT, 0o644)
chunk = bytes(range(256)) * 256
written, error = 0, None
while error is None:
    try:
        written += os.write(fd, chunk)
    except OSError as e:
        error = errno.errorcode.get(e.errno, str(e.errno))
try:
    os.fsync(fd)
except OSError as e:
    check("fsync", errno.errorcode.get(e.errno, str(e.errno)))
os.close(fd)
check("full_error", error)
check("full_written", written)
for name in sorted(os.listdir("/full")):
    data = open(f"/full/{name}", "rb").read()
    check(f"full_file {name}", f"{len(data)} {hashlib.sha256(data).hexdigest()}")
