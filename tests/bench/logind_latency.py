#!/usr/bin/python3
"""logind_latency.py -- the latencies of issue 11, for tests/bench/run.

usage: logind_latency.py N TRAPS MOCKLOG HPLOG PEER DURATION_OID STATE_OID

Talks to hostpowerd (sleepMethod logind) through a python3-dbusmock logind
on the private system bus of DBUS_SYSTEM_BUS_ADDRESS (refused unless it is a
unix socket path other than the machine's /run/dbus/system_bus_socket), the
snmptrapd log TRAPS and snmpd at PEER.  N times each:

  external  the mock emits PrepareForSleep(true), then (false): the time from
            each emission (the mock's own log stamp) to the suspend / resume
            notification appearing in TRAPS (polled every millisecond);
  set       SET DURATION_OID = 2 (snmpset): the time from the answer to the
            Suspend call in the mock's log, and from the start hostpowerd
            planned (its log HPLOG: "wake alarm at T", T - 2 s) to that call;
            the cycle is then ended as a sleep would end (PrepareForSleep
            true, false).

Prints one line per sample, "KIND MS", KIND being ext_suspend, ext_resume,
set_suspend, set_late.  Every wait is bounded (10 s); a missed one ends the run with
status 1 and a message on stderr.
"""
import calendar
import os
import re
import subprocess
import sys
import time

import dbus

WAIT_S = 10.0
LOGIN1 = ('org.freedesktop.login1', '/org/freedesktop/login1')


def fail(msg):
    sys.stderr.write('logind_latency: %s\n' % msg)
    sys.exit(1)


def private_bus():
    addr = os.environ.get('DBUS_SYSTEM_BUS_ADDRESS', '')
    if not addr.startswith('unix:path=') or 'system_bus_socket' in addr:
        fail('DBUS_SYSTEM_BUS_ADDRESS is not a private bus: %r' % addr)
    return dbus.bus.BusConnection(addr)


class Tail:
    """The lines appended to a file since the last look."""

    def __init__(self, path):
        self.f = open(path, 'rb')
        self.f.seek(0, os.SEEK_END)
        self.buf = b''

    def lines(self):
        self.buf += self.f.read()
        *done, self.buf = self.buf.split(b'\n')
        return [d.decode('utf-8', 'replace') for d in done]


def poll(what, look):
    """look() until it returns something; that and the time it was seen."""
    end = time.time() + WAIT_S
    while time.time() < end:
        got = look()
        if got is not None:
            return got, time.time()
        time.sleep(0.001)
    fail('no %s within %.0f s' % (what, WAIT_S))


def first(lines, pattern):
    for line in lines:
        m = re.search(pattern, line)
        if m:
            return m
    return None


class Bench:
    def __init__(self, traps, mocklog, hplog, peer, dur_oid, state_oid):
        bus = private_bus()
        obj = bus.get_object(*LOGIN1)
        self.mock = dbus.Interface(obj, 'org.freedesktop.DBus.Mock')
        self.manager = dbus.Interface(obj, 'org.freedesktop.login1.Manager')
        self.traps = Tail(traps)
        self.mocklog = Tail(mocklog)
        self.hplog = Tail(hplog)
        self.peer, self.dur_oid, self.state_oid = peer, dur_oid, state_oid

    def emit(self, start):
        """PrepareForSleep(start); the mock's stamp of the emission."""
        self.mock.EmitSignal('org.freedesktop.login1.Manager', 'PrepareForSleep', 'b',
                             [dbus.Boolean(start)])
        m, _ = poll('log of the emission', lambda: first(
            self.mocklog.lines(), r'^([0-9.]+) emit .*PrepareForSleep %s' % start))
        return float(m.group(1))

    def trap(self, name):
        """The time the next NAME notification shows in the trap log."""
        _, at = poll(name, lambda: first(self.traps.lines(), name))
        return at

    def lock_held(self):
        return any(str(i[1]) == 'hostpowerd' for i in self.manager.ListInhibitors())

    def ready(self):
        """hostpowerd ready again, its delay lock taken again."""
        def look():
            out = subprocess.run(['snmpget', '-v2c', '-c', 'public', '-OqvU', self.peer,
                                  self.state_oid], capture_output=True, text=True).stdout
            return True if out.startswith('ready') and self.lock_held() else None
        poll('state ready with the delay lock', look)

    def sleep_cycle(self):
        """A sleep as logind runs one: announced, then ended."""
        t = self.emit(True)
        yield 'ext_suspend', self.trap('hostPowerSuspendNotification') - t
        t = self.emit(False)
        yield 'ext_resume', self.trap('hostPowerResumeNotification') - t
        self.ready()

    def set_cycle(self, secs=2):
        out = subprocess.run(['snmpset', '-v2c', '-r', '0', '-t', '10', '-c', 'private',
                              self.peer, self.dur_oid, 'u', str(secs)],
                             capture_output=True, text=True)
        answered = time.time()
        if out.returncode != 0 or 'Reason' in out.stdout + out.stderr:
            fail('SET refused: %s %s' % (out.stdout, out.stderr))
        m, _ = poll('Suspend call', lambda: first(self.mocklog.lines(), r'^([0-9.]+) Suspend '))
        called = float(m.group(1))
        yield 'set_suspend', called - answered
        a, _ = poll('wake alarm in the log', lambda: first(
            self.hplog.lines(), r'wake alarm at ([0-9T:-]+)Z'))
        alarm = calendar.timegm(time.strptime(a.group(1), '%Y-%m-%dT%H:%M:%S'))
        yield 'set_late', called - (alarm - secs)
        # the suspend notification of our own sleep, then logind's announcements
        self.trap('hostPowerSuspendNotification')
        self.emit(True)
        self.emit(False)
        self.trap('hostPowerResumeNotification')
        self.ready()


def main():
    if len(sys.argv) != 8:
        fail(__doc__.split('\n')[2])
    n = int(sys.argv[1])
    b = Bench(*sys.argv[2:])
    b.ready()
    for cycle in [b.sleep_cycle] * n + [b.set_cycle] * n:
        for kind, secs in cycle():
            print('%s %.1f' % (kind, secs * 1000), flush=True)


main()
