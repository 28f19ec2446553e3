"""Runs inside the box: prints what the program can see of its world."""
import os
import socket

print("Hello from inside the sandbox!")
print(f"hostname {socket.gethostname()}, pid {os.getpid()}, uid {os.getuid()}, cwd {os.getcwd()}")
print(f"files here: {sorted(os.listdir('.'))}")
