# One guest run for test/cli/mounts.test.ts: every check prints `CHECK <key> <value>`.
#   /in   read-only host share      /out  read-write host share
#   /data volume (a tree is written) /full small volume (filled until ENOSPC)
#   /cfg  read-only volume
import errno, hashlib, os

def check(key, value):
    print(f"CHECK {key} {value}", flush=True)

def attempt(key, action):
    try:
        result = action()
        check(key, "ok" if result is None else result)
    except OSError as e:
        check(key, errno.errorcode.get(e.errno, str(e.errno)))

def sha(data):
    return hashlib.sha256(data).hexdigest()

def write(path, data):
    with open(path, "wb") as f:
        f.write(data)

# The read-only share: readable, never writable. protected.txt is not touched again after the
# write attempts: after a failed open for writing of an existing file on a :ro share this kernel
# (0.1.55) hangs on the next use of that file, and at once with O_TRUNC (open(..., "w")).
check("in_request", open("/in/request.txt").read().strip())
check("in_deep", open("/in/nested/deep.txt").read().strip())
attempt("in_create", lambda: write("/in/new.txt", b"x"))
attempt("in_append", lambda: open("/in/protected.txt", "a").write("more"))
attempt("in_remove", lambda: os.remove("/in/request.txt"))
attempt("in_rename", lambda: os.rename("/in/request.txt", "/in/moved.txt"))
attempt("in_mkdir", lambda: os.mkdir("/in/newdir"))
attempt("in_rmdir", lambda: os.rmdir("/in/nested/empty"))
attempt("in_symlink", lambda: os.symlink("request.txt", "/in/link"))

# Symlinks in the shares that point out of them, on the host.
attempt("in_abs_escape", lambda: open("/in/abs_escape").read())
attempt("in_rel_escape", lambda: open("/in/rel_escape").read())
attempt("in_dir_escape", lambda: " ".join(sorted(os.listdir("/in/dir_escape"))))
attempt("out_escape_write", lambda: write("/out/escape/pwned.txt", b"pwned"))
attempt("out_rel_up_write", lambda: write("/out/rel_up/pwned.txt", b"pwned"))

# The read-write share: what the guest writes is on the host afterwards.
os.makedirs("/out/answer/parts")
write("/out/answer/result.txt", b"answer to " + open("/in/request.txt", "rb").read())
write("/out/answer/parts/blob.bin", bytes(range(256)) * 4096)
check("out_listing", " ".join(sorted(os.listdir("/out/answer"))))

# A volume: a tree, and what each file holds.
os.makedirs("/data/tree/sub/deeper")
files = {
    "tree/a.txt": b"alpha\n",
    "tree/empty.txt": b"",
    "tree/sub/b.bin": hashlib.sha256(b"b").digest() * 40000,
    "tree/sub/deeper/c.txt": b"gamma " * 1000,
}
for name, data in files.items():
    write(f"/data/{name}", data)
os.symlink("sub/b.bin", "/data/tree/link")
write("/data/tree/gone.txt", b"removed before the end")
os.remove("/data/tree/gone.txt")
for name in sorted(files):
    check(f"data_file:{name}", f"{len(open('/data/' + name, 'rb').read())} {sha(open('/data/' + name, 'rb').read())}")

# A read-only volume.
check("cfg_read", open("/cfg/settings.txt").read().strip())
attempt("cfg_write", lambda: write("/cfg/new.txt", b"x"))

# A small volume, filled until the kernel says it is full.
write("/full/small.txt", b"written before the volume filled\n")
fd = os.open("/full/big.bin", os.O_WRONLY | os.O_CREAT, 0o644)
chunk = bytes(range(256)) * 256
written, error = 0, None
while error is None:
    try:
        written += os.write(fd, chunk)
    except OSError as e:
        error = errno.errorcode.get(e.errno, str(e.errno))
attempt("full_fsync", lambda: os.fsync(fd))
os.close(fd)
check("full_error", error)
for name in sorted(os.listdir("/full")):
    data = open(f"/full/{name}", "rb").read()
    check(f"full_file:{name}", f"{len(data)} {sha(data)}")
check("done", "yes")
