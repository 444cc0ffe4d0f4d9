# Writes numbered files into the volume at /data until the VM is stopped, saying after each one
# (once it is fsync'ed) what it holds.
import hashlib, os

os.makedirs("/data/w", exist_ok=True)
i = 0
while True:
    data = hashlib.sha256(str(i).encode()).digest() * (1000 + 17 * (i % 97))
    with open(f"/data/w/f{i:05d}", "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    print(f"WROTE f{i:05d} {len(data)} {hashlib.sha256(data).hexdigest()}", flush=True)
    i += 1
