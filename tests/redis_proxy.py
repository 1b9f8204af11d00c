"""A TCP proxy in front of Redis that a test can make stop answering.

The shared Redis server is never touched: the app is pointed at this proxy, and the proxy
either passes bytes both ways, swallows them (`blackhole`: connections are accepted, nothing
is ever answered), or stops listening and drops every connection (`refuse`).
"""

from __future__ import annotations

import contextlib
import socket
import threading


class RedisProxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.mode = "pass"
        self.swallowed = 0  # chunks the app sent that were never answered
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._serve(self._listener)

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def blackhole(self) -> None:
        """Accept and read, never answer; connections already open stop being answered too."""
        self.mode = "blackhole"

    def refuse(self) -> None:
        """Stop listening (connecting is refused) and drop every open connection."""
        self.mode = "refuse"
        self._stop_listening()
        self._drop_all()

    def restore(self) -> None:
        """Pass bytes again; connections that were swallowed are dropped (as a restarted
        Redis would), so clients reconnect."""
        if self.mode == "refuse":
            self._listener = socket.create_server(("127.0.0.1", self.port))
            self._serve(self._listener)
        self.mode = "pass"
        self._drop_all()

    def close(self) -> None:
        self.mode = "closed"
        self._stop_listening()
        self._drop_all()

    def _stop_listening(self) -> None:
        # shutdown() wakes the thread blocked in accept() (close() alone would leave the
        # socket listening until that accept returned).
        self._close(self._listener)

    def _serve(self, listener: socket.socket) -> None:
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # the listener was closed
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._sockets |= {client, upstream}
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_app: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if self.mode == "pass":
                    sink.sendall(chunk)
                elif from_app:
                    self.swallowed += 1
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                self._close(sock)

    def _drop_all(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
