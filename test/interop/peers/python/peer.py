"""Interop peer over pyzmq. Protocol: see ../README.md."""
import os
import select
import sys
import threading

import zmq

_out_lock = threading.Lock()


def out(text):
    with _out_lock:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


class Lines:
    """stdin lines with a timeout (no stdio buffering, so select() is truthful)."""

    def __init__(self):
        self.buf = b""
        self.eof = False

    def next(self, timeout=None):
        while True:
            nl = self.buf.find(b"\n")
            if nl >= 0:
                line, self.buf = self.buf[:nl], self.buf[nl + 1:]
                return line.decode()
            if self.eof:
                return None
            ready, _, _ = select.select([0], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(0, 1 << 20)
            if not chunk:
                self.eof = True
                return None
            self.buf += chunk


def parse_message(text):
    return [bytes.fromhex(frame) for frame in text.split(",")]


def format_message(frames):
    return "MSG " + ",".join(frame.hex() for frame in frames)


def key(value):
    return value.encode() if len(value) == 40 else bytes.fromhex(value)


TYPES = {
    "req": zmq.REQ, "rep": zmq.REP, "dealer": zmq.DEALER, "router": zmq.ROUTER,
    "pub": zmq.PUB, "sub": zmq.SUB, "push": zmq.PUSH, "pull": zmq.PULL,
}


def zap_handler(sock, user, password):
    while True:
        try:
            req = sock.recv_multipart()
        except zmq.ContextTerminated:
            break
        mech = req[5].decode() if len(req) > 5 else "?"
        got_user = req[6].decode() if len(req) > 6 else ""
        got_pass = req[7].decode() if len(req) > 7 else ""
        ok = mech == "PLAIN" and got_user == user and got_pass == password
        sock.send_multipart([b"1.0", req[1], b"200" if ok else b"400", b"OK" if ok else b"Denied",
                             got_user.encode() if ok else b"", b""])
        out(f"ZAP {mech} {got_user} {'200' if ok else '400'}")
    sock.close(linger=0)


def main(argv):
    if argv[0] == "version":
        out(f"VERSION pyzmq {zmq.pyzmq_version()} (libzmq {zmq.zmq_version()})")
        return 0
    if argv[0] == "keygen":
        public, secret = zmq.curve_keypair()
        out(f"KEYPAIR {public.decode()} {secret.decode()}")
        return 0
    kind, mode, endpoint, options = argv[0], argv[1], argv[2], argv[3:]
    if kind not in TYPES:
        out(f"UNSUPPORTED type {kind}")
        return 2
    ctx = zmq.Context()
    s = ctx.socket(TYPES[kind])
    s.linger = 0
    rcvtimeo = 5000
    zap = None
    for option in options:
        name, _, value = option.partition("=")
        if name == "id":
            s.setsockopt(zmq.ROUTING_ID, bytes.fromhex(value))
        elif name == "sub":
            s.setsockopt(zmq.SUBSCRIBE, bytes.fromhex(value))
        elif name == "plain_server":
            s.plain_server = int(value)
        elif name == "plain_user":
            s.plain_username = value.encode()
        elif name == "plain_pass":
            s.plain_password = value.encode()
        elif name == "curve_server":
            s.curve_server = int(value)
        elif name == "curve_public":
            s.curve_publickey = key(value)
        elif name == "curve_secret":
            s.curve_secretkey = key(value)
        elif name == "curve_serverkey":
            s.curve_serverkey = key(value)
        elif name == "hb_ivl":
            s.heartbeat_ivl = int(value)
        elif name == "hb_timeout":
            s.heartbeat_timeout = int(value)
        elif name == "hb_ttl":
            s.heartbeat_ttl = int(value)
        elif name == "rcvtimeo":
            rcvtimeo = int(value)
        elif name == "zap":
            user, _, password = value.partition(":")
            rep = ctx.socket(zmq.REP)
            rep.linger = 0
            rep.bind("inproc://zeromq.zap.01")
            zap = threading.Thread(target=zap_handler, args=(rep, user, password), daemon=True)
            zap.start()
        else:
            out(f"UNSUPPORTED {name}")
            return 2
    s.rcvtimeo = rcvtimeo

    try:
        if mode == "bind":
            s.bind(endpoint)
            out(f"READY {s.last_endpoint.decode()}")
        else:
            s.connect(endpoint)
            out(f"READY {endpoint}")
    except zmq.ZMQError as e:
        out(f"ERR {mode}: {e}")
        return 1

    lines = Lines()
    while True:
        line = lines.next()
        if line is None:
            break
        command, _, arg = line.partition(" ")
        try:
            if command == "SEND":
                s.send_multipart(parse_message(arg))
                out("SENT")
            elif command in ("RECV", "RECVN"):
                n = 1 if command == "RECV" else int(arg)
                for _ in range(n):
                    try:
                        out(format_message(s.recv_multipart()))
                    except zmq.Again:
                        out("TIMEOUT")
                        break
            elif command == "SENDN":
                count, _, prefix = arg.partition(" ")
                prefix = bytes.fromhex(prefix)
                for i in range(int(count)):
                    s.send(prefix + str(i).encode())
                out(f"SENT {count}")
            elif command == "ECHO":
                n = int(arg)
                for _ in range(n):
                    try:
                        s.send_multipart(s.recv_multipart())
                    except zmq.Again:
                        out("TIMEOUT")
                        break
                else:
                    out(f"ECHOED {n}")
            elif command == "PUBLISH":
                frames = parse_message(arg)
                while True:
                    s.send_multipart(frames)
                    stop = lines.next(0.002)
                    if stop == "STOP" or lines.eof:
                        out("STOPPED")
                        break
            elif command == "EXIT":
                break
            else:
                out(f"ERR unknown command {command}")
        except zmq.ZMQError as e:
            out(f"ERR {command}: {e}")

    s.close(linger=0)
    ctx.term()
    if zap is not None:
        zap.join()
    out("BYE")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
