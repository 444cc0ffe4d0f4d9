# The VM's exit status is the script's: `minops run examples/exit.py; echo $?` prints 3.
import sys

print("exiting with status 3")
sys.exit(3)
