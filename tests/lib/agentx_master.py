#!/usr/bin/python3
"""A scripted AgentX master (RFC 2741) for the tests: it stands in for a
misbehaving snmpd, not for snmpd itself. It listens on a unix socket, accepts
one subagent, answers its Open, Register, Notify and Ping PDUs, then plays a
script of SET phases and prints one line per answer:

    agentx_master.py SOCKET OID SECONDS STEP...

STEP is PHASE:TXN with PHASE one of test, commit, undo, cleanup (TestSet,
CommitSet, UndoSet, CleanupSet for transaction TXN setting OID, an Unsigned32,
to SECONDS), "close" (Close the session and stop), or hup:PID:LOG (SIGHUP
the subagent PID and wait until LOG says the new settings wait). It prints
"PHASE TXN ERROR" with ERROR the response's error number (0 = noError), or
"cleanup TXN sent" (a CleanupSet has no response).
Every wait is bounded (WAIT seconds); a missing answer prints "PHASE TXN
timeout" and stops.
"""
import os
import signal
import socket
import struct
import sys
import time

WAIT = 15
OPEN, CLOSE, REGISTER, GET, TESTSET, COMMITSET, UNDOSET, CLEANUPSET = 1, 2, 3, 5, 8, 9, 10, 11
NOTIFY, PING, RESPONSE = 12, 13, 18
NBO = 0x10  # NETWORK_BYTE_ORDER
PHASES = {"test": TESTSET, "commit": COMMITSET, "undo": UNDOSET, "cleanup": CLEANUPSET}
GAUGE32 = 66


def encode_oid(text):
    subids = [int(x) for x in text.strip(".").split(".")]
    prefix = 0
    if len(subids) > 5 and subids[:4] == [1, 3, 6, 1] and subids[4] < 256:
        prefix, subids = subids[4], subids[5:]
    return struct.pack("!BBBB", len(subids), prefix, 0, 0) + b"".join(
        struct.pack("!I", s) for s in subids)


def pdu(kind, session, txn, packet, payload):
    return struct.pack("!BBBBIIII", 1, kind, NBO, 0, session, txn, packet,
                       len(payload)) + payload


class Master:
    def __init__(self, path):
        if os.path.exists(path):
            os.unlink(path)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(1)
        self.listener.settimeout(WAIT)
        self.conn, _ = self.listener.accept()
        self.conn.settimeout(WAIT)
        self.buf = b""
        self.session = 0
        self.packet = 100

    def read_pdu(self):
        """The next PDU: (type, flags, session, txn, packet, payload)."""
        while True:
            if len(self.buf) >= 20:
                flags = self.buf[2]
                order = "!" if flags & NBO else "<"
                length = struct.unpack(order + "I", self.buf[16:20])[0]
                if len(self.buf) >= 20 + length:
                    head, self.buf = self.buf[:20 + length], self.buf[20 + length:]
                    session, txn, packet = struct.unpack(order + "III", head[4:16])
                    return head[1], flags, session, txn, packet, head[20:]
            data = self.conn.recv(65536)
            if not data:
                raise EOFError("the subagent closed the session")
            self.buf += data

    def answer(self, kind, session, txn, packet):
        """Answer a subagent's own request with noError."""
        if kind == OPEN:
            self.session = 42
            session = 42
        self.conn.sendall(pdu(RESPONSE, session, txn, packet, struct.pack("!IHH", 0, 0, 0)))

    def wait_response(self, packet):
        """The error of the response to our packet, answering the
        subagent's requests meanwhile; None on timeout."""
        end = time.monotonic() + WAIT
        while time.monotonic() < end:
            kind, flags, session, txn, pkt, payload = self.read_pdu()
            if kind == RESPONSE and pkt == packet:
                order = "!" if flags & NBO else "<"
                return struct.unpack(order + "IHH", payload[:8])[1]
            if kind != RESPONSE:
                self.answer(kind, session, txn, pkt)
        return None

    def wait_registered(self):
        """Answer the Open and the Registers until the subagent is quiet."""
        self.conn.settimeout(1.0)
        registered = False
        end = time.monotonic() + WAIT
        while time.monotonic() < end:
            try:
                kind, _, session, txn, pkt, _ = self.read_pdu()
            except socket.timeout:
                if registered:
                    break
                continue
            self.answer(kind, session, txn, pkt)
            registered = registered or kind == REGISTER
        self.conn.settimeout(WAIT)
        return registered

    def send(self, kind, txn, payload=b""):
        self.packet += 1
        self.conn.sendall(pdu(kind, self.session, txn, self.packet, payload))
        return self.packet


def hup(pid, log):
    """SIGHUP the subagent and wait (bounded) until its log says it holds
    the new settings back: 0, or "timeout"."""
    os.kill(int(pid), signal.SIGHUP)
    end = time.monotonic() + WAIT
    while time.monotonic() < end:
        with open(log, errors="replace") as f:
            if "new host settings apply after" in f.read():
                return 0
        time.sleep(0.05)
    return "timeout"


def main():
    path, oid, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    master = Master(path)
    if not master.wait_registered():
        print("register 0 timeout", flush=True)
        return 1
    print("registered 0 0", flush=True)
    varbind = struct.pack("!HH", GAUGE32, 0) + encode_oid(oid) + struct.pack("!I", seconds)
    for step in sys.argv[4:]:
        if step == "close":
            master.send(CLOSE, 0, struct.pack("!BBBB", 1, 0, 0, 0))
            master.conn.close()
            print("close 0 0", flush=True)
            return 0
        if step.startswith("hup:"):
            print("hup 0 %s" % hup(*step.split(":")[1:]), flush=True)
            continue
        phase, txn = step.split(":")
        payload = varbind if phase == "test" else b""
        packet = master.send(PHASES[phase], int(txn), payload)
        if phase == "cleanup":  # RFC 2741 7.2.4.4: no response
            print("cleanup %s sent" % txn, flush=True)
            continue
        err = master.wait_response(packet)
        print("%s %s %s" % (phase, txn, "timeout" if err is None else err), flush=True)
        if err is None:
            return 1
    master.conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
