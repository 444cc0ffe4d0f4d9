# Reads DIR/src.bin and writes DIR/dst.bin (fsync'ed), 1 MiB at a time, for each LABEL=DIR given;
# prints `BENCH {label: {readMs, writeMs, bytes}}`. The same script runs on the host and in the guest.
import json, os, sys, time

CHUNK = 1 << 20

def read(path):
    t0 = time.perf_counter()
    fd = os.open(path, os.O_RDONLY)
    n = 0
    while True:
        got = os.read(fd, CHUNK)
        if not got:
            break
        n += len(got)
    os.close(fd)
    return (time.perf_counter() - t0) * 1000, n

def write(path, size):
    buf = b"\xa5" * CHUNK
    t0 = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    for _ in range(size // CHUNK):
        os.write(fd, buf)
    os.fsync(fd)
    os.close(fd)
    return (time.perf_counter() - t0) * 1000

results = {}
for arg in sys.argv[1:]:
    label, directory = arg.split("=", 1)
    read_ms, size = read(os.path.join(directory, "src.bin"))
    results[label] = {"readMs": round(read_ms, 1), "writeMs": round(write(os.path.join(directory, "dst.bin"), size), 1), "bytes": size}
print("BENCH " + json.dumps(results), flush=True)
