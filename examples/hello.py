print("Hello from Python inside a Nanos unikernel!")
