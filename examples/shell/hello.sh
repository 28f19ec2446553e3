# Runs inside the box: prints what the program can see of its world.
echo "Hello from inside the sandbox!"
echo "hostname $(cat /proc/sys/kernel/hostname), pid $$, uid $(id -u 2>/dev/null || echo ?), cwd $(pwd)"
