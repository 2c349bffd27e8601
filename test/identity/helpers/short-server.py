# The server side of the short-lived connections: accepts, waits HOLD_MS, sends a line, closes.
import socket, sys, threading, time

host, port, hold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) / 1000
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((host, port))
srv.listen(128)
print("listening", flush=True)

def serve(c):
    time.sleep(hold)
    c.sendall(b"hi\n")
    c.close()

while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
