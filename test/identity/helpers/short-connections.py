# The short-lived connection maker of the attribution test: N TCP connections to HOST:PORT from
# THREADS threads of this one process; each waits for the server's reply and close (the server
# holds each connection about 20 ms). Prints "done <count>".
import socket, sys, threading, time

host, port, total, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
made = []
print("started", flush=True)
time.sleep(0.3)  # the test reads this process's name now

def run(n):
    for _ in range(n):
        s = socket.create_connection((host, port), timeout=5)
        s.recv(64)
        s.close()
        made.append(1)
        time.sleep(0.005)

ts = [threading.Thread(target=run, args=(total // threads,)) for _ in range(threads)]
for t in ts: t.start()
for t in ts: t.join()
print("done", len(made), flush=True)
