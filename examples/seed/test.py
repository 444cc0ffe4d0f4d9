# Six checks of the guest Python, each printing PASS or FAIL; exits 1 if any failed.
import collections
import os
import sys

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")


check("print and interpreter", sys.executable != "" and sys.version_info >= (3, 8),
      f"{sys.executable} {sys.version.split()[0]}")
check("environment", os.environ.get("GREETING") == "hello from config.json",
      repr(os.environ.get("GREETING")))
check("cwd", os.getcwd() == "/app", os.getcwd())
check("arithmetic", 6 * 7 == 42 and 2 ** 100 % 1000 == 376 and abs(0.1 + 0.2 - 0.3) < 1e-9)
check("strings", "-".join(["uni", "kernel"]).upper() == "UNI-KERNEL" and "héllo"[1] == "é")
counts = collections.Counter("mississippi")
check("collections", counts.most_common(1) == [("i", 4)] and list(collections.deque([1, 2], maxlen=1)) == [2])
print("args:", sys.argv[1:])
sys.exit(0 if all(results) else 1)
