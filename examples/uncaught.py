# An uncaught exception: Python prints the traceback and exits 1, and so does `minops run`.
def divide(a, b):
    return a / b


print("about to divide by zero")
divide(1, 0)
