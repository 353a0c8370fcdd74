"""Loopback server for scripts/bench-links: every request waits LATENCY seconds, on HOSTS addresses.

    bench_link_server.py [LATENCY] [HOSTS]      (defaults 0.05 s and 8: 127.0.0.2 to 127.0.0.9)

Routes (N is any number):  /ok/N 200 · /dead/N 404 · /moved/N 301 to /ok/N · /nohead/N 405 to HEAD,
200 to GET · /busy/N 429 (Retry-After: 1) once, then 200 · /unavailable/N 503 once, then 200.
The hard mix: /stall/N sends nothing for 30 s, then 200 · /loop/N/a and /loop/N/b redirect to each
other for ever · /huge/N refuses HEAD and answers a GET with a 50 MB body, sent as fast as it is read.
Prints its port once every address listens. A line "stats" on standard input prints the request
counts as JSON; end of input stops it.
"""
import http.server, json, socketserver, sys, threading, time

LATENCY = float(sys.argv[1]) if len(sys.argv) > 1 else 0.05
HOSTS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
ADDRESSES = [f"127.0.0.{n}" for n in range(2, 2 + HOSTS)]
HUGE = 50 * 1024 * 1024
lock = threading.Lock()
stats = {"requests": 0, "by_method": {}, "seen": {}, "huge_bytes_sent": 0}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, headers=(), body=b"ok"):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def huge(self):
        self.send_response(200)
        self.send_header("Content-Length", str(HUGE))
        self.end_headers()
        chunk, sent = b"x" * 65536, 0
        try:
            while sent < HUGE:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        with lock:
            stats["huge_bytes_sent"] += sent
        self.close_connection = True

    def route(self):
        time.sleep(LATENCY)
        host = self.headers.get("Host", "")
        key = host + self.path
        with lock:
            stats["requests"] += 1
            stats["by_method"][self.command] = stats["by_method"].get(self.command, 0) + 1
            seen = stats["seen"].get(key, 0) + 1
            stats["seen"][key] = seen
        parts = self.path.split("/")
        kind = parts[1] if len(parts) > 2 else ""
        number = parts[2] if len(parts) > 2 else ""
        if kind == "ok":
            return self.answer(200)
        if kind == "dead":
            return self.answer(404)
        if kind == "moved":
            return self.answer(301, [("Location", f"/ok/{number}")])
        if kind == "nohead":
            return self.answer(405 if self.command == "HEAD" else 200)
        if kind == "busy":
            return self.answer(429, [("Retry-After", "1")]) if seen == 1 else self.answer(200)
        if kind == "unavailable":
            return self.answer(503) if seen == 1 else self.answer(200)
        if kind == "stall":
            time.sleep(30)
            return self.answer(200)
        if kind == "loop":
            other = "b" if self.path.endswith("/a") else "a"
            return self.answer(301, [("Location", f"/loop/{number}/{other}")])
        if kind == "huge":
            return self.answer(405) if self.command == "HEAD" else self.huge()
        return self.answer(404)

    do_GET = route
    do_HEAD = route


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        pass  # a client that hangs up (a GET cut off at its first byte) is no error here


first = Server((ADDRESSES[0], 0), Handler)
port = first.server_address[1]
servers = [first] + [Server((address, port), Handler) for address in ADDRESSES[1:]]
for server in servers:
    threading.Thread(target=server.serve_forever, daemon=True).start()
print(port, flush=True)
for line in sys.stdin:
    if line.strip() == "stats":
        with lock:
            print(json.dumps({"requests": stats["requests"], "by_method": stats["by_method"],
                              "huge_bytes_sent": stats["huge_bytes_sent"]}), flush=True)
for server in servers:
    server.shutdown()
