"""A loopback HTTP server for importfeed's link-checker tests: fixed routes, counters, no internet.

Binds 127.0.0.1 on a free port and prints the port on its first line. Each line "stats" on its
standard input is answered with the counters as one JSON line; it stops when its standard input
closes (so it never outlives the test that started it).
"""
import http.server, json, socket, socketserver, struct, sys, threading, time

lock = threading.Lock()
stats = {"wayback_queries": [], "requests": {}, "open": 0, "max_open": 0, "connections": 0, "big_bytes_sent": 0,
         "open_by_host": {}, "max_open_by_host": {}}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        host = self.server.server_address[0]
        with lock:
            stats["open"] += 1
            stats["connections"] += 1
            stats["max_open"] = max(stats["max_open"], stats["open"])
            stats["open_by_host"][host] = stats["open_by_host"].get(host, 0) + 1
            stats["max_open_by_host"][host] = max(stats["max_open_by_host"].get(host, 0), stats["open_by_host"][host])

    def finish(self):
        try:
            super().finish()
        finally:
            with lock:
                stats["open"] -= 1
                stats["open_by_host"][self.server.server_address[0]] -= 1

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        path = self.path.split("?")[0]
        with lock:
            key = self.command + " " + path
            stats["requests"][key] = stats["requests"].get(key, 0) + 1
        host = self.server.server_address[0]
        if host == SOFT_HOST:
            return self.soft_route(path, redirecting=False)
        if host == REDIRECTING_SOFT_HOST:
            return self.soft_route(path, redirecting=True)
        if host == STALLING_HOST:
            # Its pages answer at once; any other address hangs for 10 s.
            if path != "/real":
                time.sleep(10)
            return self.answer(200, b"<html><head><title>Stalling</title></head></html>")
        if path == "/ok":
            return self.answer(200, b"ok")
        if path == "/missing":
            return self.answer(404, b"not here")
        if path == "/moved":
            return self.answer(301, headers=[("Location", "/ok")])
        if path == "/nohead":
            return self.answer(405 if self.command == "HEAD" else 200, b"get only")
        if path == "/api/query":
            from urllib.parse import parse_qs, urlparse
            ids = parse_qs(urlparse(self.path).query).get("id_list", [""])[0].split(",")
            known = {"2301.00001": "Scaling Laws for Folding\n  Towels with \\emph{Robots}",
                     "2305.01234": "A Census of Benchmarks"}
            entries = []
            for paper in ids:
                if paper in known:
                    entries.append(f"<entry><id>http://arxiv.org/abs/{paper}v1</id><title>{known[paper]}</title></entry>")
                else:
                    entries.append("<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_%s</id>"
                                   "<title>Error</title></entry>" % paper)
            feed = ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    + "".join(entries) + "</feed>")
            return self.answer(200, feed.encode(), headers=[("Content-Type", "application/atom+xml")])
        if path == "/api/broken":
            return self.answer(500, b"down for maintenance")
        if path == "/gone":
            return self.answer(410, b"gone")
        if path == "/temporary":
            return self.answer(302, headers=[("Location", "/ok")])
        if path == "/loop-a":
            return self.answer(301, headers=[("Location", "/loop-b")])
        if path == "/loop-b":
            return self.answer(301, headers=[("Location", "/loop-a")])
        if path == "/to-ftp":
            return self.answer(301, headers=[("Location", "ftp://127.0.0.1/file")])
        if path == "/forbidden-head":
            return self.answer(403 if self.command == "HEAD" else 200, b"get only")
        if path in ("/retry-429", "/retry-503"):
            with lock:
                seen = stats["requests"][key]
            if seen == 1:
                status = 429 if path == "/retry-429" else 503
                return self.answer(status, headers=[("Retry-After", "1")] if status == 429 else [])
            return self.answer(200, b"now")
        if path == "/always-429":
            return self.answer(429, headers=[("Retry-After", "0")])
        if path == "/slow":
            time.sleep(3)
            return self.answer(200, b"late")
        if path == "/busy":
            return self.answer(429, headers=[("Retry-After", "1")])
        if path == "/pause":
            time.sleep(0.2)
            return self.answer(200, b"paused")
        if path == "/big":
            size = 50 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if self.command == "HEAD":
                return
            chunk = b"x" * 65536
            sent = 0
            try:
                while sent < size:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            finally:
                with lock:
                    stats["big_bytes_sent"] = max(stats["big_bytes_sent"], sent)
            return
        # Servers that answer badly: none of these may ever be reported alive.
        if path in ("/reset-in-headers", "/closed-in-headers"):
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            self.wfile.flush()
            if path == "/reset-in-headers":
                # A reset (RST), not an orderly close: linger on, for no time.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if path == "/huge-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            try:
                for index in range(20000):
                    self.wfile.write(b"X-Filler-%d: %s\r\n" % (index, b"y" * 60))
                self.wfile.write(b"Content-Length: 0\r\n\r\n")
            except OSError:
                pass
            self.close_connection = True
            return
        if path == "/trickle":
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(30):
                    self.wfile.write(b"X: y\r\n")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            self.close_connection = True
            return
        if path == "/http09":
            self.wfile.write(b"<html>no status line at all</html>\n")
            self.close_connection = True
            return
        if path == "/bad-status":
            self.wfile.write(b"HTTP/1.1 OK-ish\r\n\r\n")
            self.close_connection = True
            return
        if path == "/cookie-gate":
            # Like many sites: redirect to itself, setting a cookie, until the cookie comes back.
            if "gate=passed" in (self.headers.get("Cookie") or ""):
                return self.answer(200, b"in")
            return self.answer(302, headers=[("Location", "/cookie-gate"), ("Set-Cookie", "gate=passed; Path=/")])
        if path == "/missing-with-page":
            # A not-found page of 200 KB: nobody needs it.
            return self.answer(404, b"<html>" + b"x" * 200_000 + b"</html>")
        if path == "/deleted-post":
            # Where many sites send a deleted page: their home page, for good.
            return self.answer(301, headers=[("Location", "/")])
        if path == "/members-only":
            return self.answer(308, headers=[("Location", "/account/login?next=/members-only")])
        if path in ("/", "/account/login"):
            return self.answer(200, b"<html><head><title>Home</title></head></html>")
        if path == "/wayback/available":
            # A stand-in for the Wayback Machine's availability API.
            from urllib.parse import parse_qs, urlparse
            query = parse_qs(urlparse(self.path).query)
            url, timestamp = query.get("url", [""])[0], query.get("timestamp", [""])[0]
            with lock:
                stats["wayback_queries"].append([url, timestamp])
            if "never-archived" in url:
                return self.answer(200, b'{"url": "%s", "archived_snapshots": {}}' % url.encode())
            stamp = (timestamp or "20240101") + "120000"
            snapshot = {"url": url, "archived_snapshots": {"closest": {
                "status": "200", "available": True, "timestamp": stamp,
                "url": "http://web.archive.invalid/web/%s/%s" % (stamp, url)}}}
            return self.answer(200, json.dumps(snapshot).encode(), headers=[("Content-Type", "application/json")])
        if path == "/escape":
            return self.answer(301, headers=[("Location", "/ok\x1b[31mred")])
        return self.answer(404, b"no route")

    def soft_route(self, path, redirecting):
        """A host that never says 404: unknown addresses get a 200 "not found" page in place, or (when
        `redirecting`) a redirect to the home page."""
        not_found = b"<html><head><title>Page not found &middot; Soft</title></head><body>Sorry.</body></html>"
        if path == "/real":
            return self.answer(200, b"<html><head>\n<title>\n  A real   page</title></head><body>Yes.</body></html>")
        if path == "/":
            return self.answer(200, b"<html><head><title>Soft home</title></head></html>")
        if redirecting:
            return self.answer(302, headers=[("Location", "/")])
        return self.answer(200, not_found)

    do_GET = route
    do_HEAD = route


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a client that hangs up (a GET cut off at its first byte, a reset) is no error here


# 127.0.0.1 and two more loopback addresses on the same port: three pretend hosts with the routes
# above; and two soft-404 hosts that answer every address (127.0.0.4 with a "not found" page in
# place, 127.0.0.5 with a redirect to its home page); 127.0.0.6 answers its one page at once and
# hangs on anything else.
SOFT_HOST, REDIRECTING_SOFT_HOST, STALLING_HOST = "127.0.0.4", "127.0.0.5", "127.0.0.6"
server = Server(("127.0.0.1", 0), Handler)
port = server.server_address[1]
servers = [server] + [Server((address, port), Handler)
                      for address in ("127.0.0.2", "127.0.0.3", SOFT_HOST, REDIRECTING_SOFT_HOST, STALLING_HOST)]
for each in servers:
    threading.Thread(target=each.serve_forever, daemon=True).start()
print(port, flush=True)
for line in sys.stdin:
    if line.strip() == "stats":
        with lock:
            print(json.dumps(stats), flush=True)
for each in servers:
    each.shutdown()
