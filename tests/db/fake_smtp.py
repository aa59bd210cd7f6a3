"""A minimal SMTP server on 127.0.0.1 for tests: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT.

It keeps what it received, and can be told to refuse messages (451 at DATA) to test retries.
"""

import base64
import email
import email.policy
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage


class FakeSmtp(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.logins: list[str] = []
        self.refuse_data = False

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class _Session(socketserver.StreamRequestHandler):
    server: FakeSmtp

    def reply(self, *lines: str) -> None:
        for n, line in enumerate(lines):
            sep = " " if n == len(lines) - 1 else "-"
            self.wfile.write(f"{line[:3]}{sep}{line[4:]}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 fake.smtp ready")
        to: list[str] = []
        while line := self.rfile.readline():
            command = line.decode().rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250 fake.smtp", "250 AUTH PLAIN", "250 8BITMIME")
            elif verb == "AUTH":
                self.server.logins.append(base64.b64decode(command.split()[2]).decode())
                self.reply("235 ok")
            elif verb == "MAIL":
                to = []
                self.reply("250 ok")
            elif verb == "RCPT":
                to.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 ok")
            elif verb == "DATA":
                if self.server.refuse_data:
                    self.reply("451 try again later")
                    continue
                self.reply("354 end with .")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.messages.append((to, email.message_from_bytes(data, policy=email.policy.default)))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # RSET, NOOP and the rest
                self.reply("250 ok")


@contextmanager
def fake_smtp() -> Iterator[FakeSmtp]:
    server = FakeSmtp()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
