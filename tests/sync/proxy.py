"""A small TCP proxy on loopback for the sync fault tests and bench/sync.py: a weak link on demand.

    proxy = Proxy(upstream_port).start()     # listens on 127.0.0.1:proxy.port
    proxy.cut_after(4000)                    # each connection closed after 4,000 bytes of answer
    proxy.cut_after(4000, way="up")          # … or of request (the hub gets half a body)
    proxy.drop_answers(only="POST")          # the request reaches the hub, its answer never comes back
    proxy.hold_answers(only="POST")          # … or waits in the proxy: proxy.holding is set, release()
    proxy.limit(256_000)                     # 256 kbit/s each way (shared by all connections)
    proxy.healthy()                          # no fault (the limit stays until limit(None))
    proxy.bytes_up, proxy.bytes_down         # bytes on the wire, each way, since reset_counters()

A fault applies to the next `times` connections whose request starts with `only` (a method), or to all.
One thread per direction per connection; the sync engine opens one connection per request.
"""

import socket
import threading
import time

CHUNK = 4096


class Proxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1", port: int = 0):
        self.upstream = (upstream_host, upstream_port)
        self._server = socket.create_server(("127.0.0.1", port))
        self.port = self._server.getsockname()[1]
        self._lock = threading.Lock()
        self._fault = None  # (kind, bytes, only, times left)
        self._rate = None   # bytes a second, each way
        self._free_at = {"up": 0.0, "down": 0.0}
        self._sockets: set[socket.socket] = set()
        self._closed = False
        self.holding, self._released = threading.Event(), threading.Event()
        self.faults_done = 0
        self.reset_counters()

    # --- settings ----------------------------------------------------------------------------------

    def healthy(self):
        with self._lock:
            self._fault = None
        return self

    def cut_after(self, nbytes: int, only: str | None = None, times: int | None = None, way: str = "down"):
        """Close each matching connection once `nbytes` of the answer (or the request) have gone through."""
        with self._lock:
            self._fault = ("cut" if way == "down" else "cut-up", nbytes, only, times)
        return self

    def hold_answers(self, only: str | None = None, times: int | None = 1):
        """Forward the request; when the hub answers, keep the answer and set `holding` until release()."""
        self.holding.clear()
        self._released.clear()
        with self._lock:
            self._fault = ("hold", 0, only, times)
        return self

    def release(self):
        self._released.set()

    def drop_answers(self, only: str | None = None, times: int | None = None):
        """Forward the request, wait until the hub starts answering (it has done the work), then close."""
        with self._lock:
            self._fault = ("drop", 0, only, times)
        return self

    def limit(self, bits_per_second: int | None):
        with self._lock:
            self._rate = bits_per_second / 8 if bits_per_second else None
        return self

    def reset_counters(self):
        with self._lock:
            self.bytes_up = self.bytes_down = self.connections = 0

    # --- running -----------------------------------------------------------------------------------

    def start(self):
        threading.Thread(target=self._accept, daemon=True, name="proxy-accept").start()
        return self

    def close(self):
        self._closed = True
        try:
            self._server.close()
        except OSError:
            pass
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _close(sock)

    def _accept(self):
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True, name="proxy-conn").start()

    def _take_fault(self, first: bytes):
        """The fault for a connection whose request starts with `first`, counted against `times`."""
        with self._lock:
            self.connections += 1
            if self._fault is None:
                return None
            kind, nbytes, only, times = self._fault
            if only is not None and not first.startswith(only.encode() + b" "):
                return None
            if times is not None:
                times -= 1
                self._fault = (kind, nbytes, only, times) if times > 0 else None
            self.faults_done += 1
            return kind, nbytes

    def _serve(self, client: socket.socket):
        upstream = None
        try:
            first = client.recv(CHUNK)
            if not first:
                return
            fault = self._take_fault(first)
            upstream = socket.create_connection(self.upstream, timeout=60)
            with self._lock:
                self._sockets.update((client, upstream))
            up_fault = fault if fault is not None and fault[0] == "cut-up" else None
            if up_fault is not None and len(first) >= up_fault[1]:
                self._send(upstream, first[:up_fault[1]], "up")
                return
            self._send(upstream, first, "up")
            if up_fault is not None:
                up_fault = (up_fault[0], up_fault[1] - len(first))
            threading.Thread(target=self._pump, args=(client, upstream, "up", up_fault), daemon=True).start()
            self._pump(upstream, client, "down", None if up_fault is not None else fault)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    _close(sock)
                    with self._lock:
                        self._sockets.discard(sock)

    def _pump(self, source: socket.socket, target: socket.socket, way: str, fault):
        sent = 0
        try:
            while True:
                data = source.recv(CHUNK)
                if not data:
                    break
                if fault is not None:
                    kind, nbytes = fault
                    if kind == "drop":
                        return  # the hub answered: the answer is lost on the way back
                    if kind == "hold":
                        self.holding.set()
                        self._released.wait(60)
                        fault = None
                        self._send(target, data, way)
                        continue
                    if sent + len(data) >= nbytes:
                        data = data[:max(0, nbytes - sent)]
                        self._send(target, data, way)
                        return  # cut mid-transfer
                self._send(target, data, way)
                sent += len(data)
        except OSError:
            pass
        finally:
            _close(target)
            _close(source)

    def _send(self, target: socket.socket, data: bytes, way: str):
        if not data:
            return
        self._throttle(way, len(data))
        target.sendall(data)
        with self._lock:
            if way == "up":
                self.bytes_up += len(data)
            else:
                self.bytes_down += len(data)

    def _throttle(self, way: str, nbytes: int):
        """Wait until the link (one each way, shared by every connection) has carried what came before."""
        with self._lock:
            rate = self._rate
            if rate is None:
                return
            now = time.monotonic()
            start = max(now, self._free_at[way])
            self._free_at[way] = start + nbytes / rate
            wait = self._free_at[way] - now
        time.sleep(wait)


def _close(sock: socket.socket):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
