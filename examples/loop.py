# Never ends: for trying `minops run --timeout 1 examples/loop.py` (exits 124).
import time

while True:
    time.sleep(0.1)
