"""What a grading process prints, kept within a fixed size.

The grader reads the process's output (stdout and stderr together) as it comes, so the process
never blocks on a full pipe, and keeps only the first ``head`` bytes and the last ``tail``
bytes; the rest is counted and dropped. A notebook printing gigabytes costs neither disk nor
memory.
"""

from __future__ import annotations

import threading
from collections import deque


class CappedOutput:
    """Drain a binary stream in a background thread, keeping its head and tail.

    Parameters
    ----------
    stream : binary file
        The read end of the process's output pipe (closed when drained).
    head : int
        Bytes kept from the start.
    tail : int
        Bytes kept from the end.
    """

    def __init__(self, stream, head: int = 64 * 1024, tail: int = 16 * 1024):
        self._stream = stream
        self._head_limit = head
        self._tail_limit = tail
        self._head = bytearray()
        self._tail: deque[bytes] = deque()
        self._tail_size = 0
        self.total = 0
        self._thread = threading.Thread(target=self._drain, name="grading-output", daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        try:
            while True:
                chunk = self._stream.read1(1 << 16) if hasattr(self._stream, "read1") else self._stream.read(1 << 16)
                if not chunk:
                    break
                self.total += len(chunk)
                room = self._head_limit - len(self._head)
                if room > 0:
                    self._head += chunk[:room]
                    chunk = chunk[room:]
                if chunk:
                    self._tail.append(chunk)
                    self._tail_size += len(chunk)
                    while self._tail and self._tail_size - len(self._tail[0]) >= self._tail_limit:
                        self._tail_size -= len(self._tail.popleft())
        except (OSError, ValueError):
            pass
        finally:
            try:
                self._stream.close()
            except OSError:
                pass

    def join(self, timeout: float | None = None) -> None:
        """Wait until the stream is drained (the process and its children closed it)."""
        self._thread.join(timeout)

    @property
    def capped(self) -> bool:
        """Whether bytes were dropped."""
        return self.total > len(self._head) + len(self.tail_bytes())

    def head(self) -> bytes:
        return bytes(self._head)

    def tail_bytes(self) -> bytes:
        data = b"".join(self._tail)
        return data[-self._tail_limit:] if self._tail_limit else b""

    def text(self) -> str:
        """The kept output as text, with a marker where bytes were dropped."""
        head, tail = self.head(), self.tail_bytes()
        middle = self.total - len(head) - len(tail)
        gap = f"\n[… {middle:,} bytes of output dropped …]\n".encode() if middle > 0 else b""
        return (head + gap + tail).decode("utf-8", errors="replace")
