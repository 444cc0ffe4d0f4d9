# `minops run examples/args.py -- one "two words" --flag=x` prints each argument on its own line.
import sys

print(f"{len(sys.argv) - 1} argument(s)")
for i, arg in enumerate(sys.argv[1:], 1):
    print(f"{i}: {arg}")
