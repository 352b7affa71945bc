#!/usr/bin/python3
"""An independent HSRPv1 speaker built on scapy's HSRP layer (scapy.layers.hsrp), for interop tests.

Runs inside a test namespace under Debian's /usr/bin/python3 (python3-scapy) and speaks the JSON-lines
protocol of test/support/netns.ts NodeAgent on stdio:
  requests  {"id": N, "op": ..., ...}  ->  {"id": N, "ok": true, "result": ...}
                                           {"id": N, "ok": false, "error": {"code": ..., "message": ...}}
  events    {"event": "ready"} once listening, then {"event": "hsrp", ...} for every HSRP frame heard
            from another router, with the fields as scapy decodes them.

Operations:
  hello   start (or replace) periodic Hellos for a group: group, priority, state, vip, hellotime,
          holdtime (the wire fields, seconds), period_ms (how often), src_mac (optional: the Ethernet
          source; IOS sends the Active's hellos from the virtual MAC, RFC 2281 section 5.1), auth
  stop    stop the periodic Hellos of a group
  send    one message now: opcode (hello|coup|resign) and the same fields as hello
  mac     this interface's own MAC

Usage: hsrp_speaker.py IFACE SOURCE_IP
"""
import ipaddress
import json
import sys
import threading
import time

from scapy.config import conf
from scapy.layers.hsrp import HSRP
from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import Ether
from scapy.arch import get_if_hwaddr
from scapy.sendrecv import AsyncSniffer

HSRP_V1_GROUP = "224.0.0.2"
HSRP_V1_GROUP_MAC = "01:00:5e:00:00:02"
HSRP_PORT = 1985
OPCODES = {"hello": 0, "coup": 1, "resign": 2}
STATES = {"initial": 0, "learn": 1, "listen": 2, "speak": 4, "standby": 8, "active": 16}


class BadRequest(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class Speaker:
    def __init__(self, iface, source_ip):
        self.iface = iface
        self.source_ip = source_ip
        self.own_mac = get_if_hwaddr(iface)
        self.out_lock = threading.Lock()
        self.socket = conf.L2socket(iface=iface)
        self.socket_lock = threading.Lock()
        self.senders = {}

    def emit(self, message):
        with self.out_lock:
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()

    def frame(self, spec, opcode):
        """An HSRPv1 frame as IOS sends it: 224.0.0.2, UDP 1985, TTL 1, DSCP CS6 (spec section 1.1)."""
        auth = spec.get("auth", "cisco").encode("ascii")
        if len(auth) > 8:
            raise BadRequest("EAUTH", "HSRPv1 text authentication is at most 8 characters")
        if spec.get("state") not in STATES:
            raise BadRequest("ESTATE", "state must be one of %s" % ", ".join(STATES))
        vip = spec.get("vip", "0.0.0.0")
        try:
            ipaddress.IPv4Address(vip)
        except ValueError:
            raise BadRequest("EVIP", "vip %r is not an IPv4 address" % (vip,))
        for field, top in (("hellotime", 255), ("holdtime", 255), ("priority", 255), ("group", 255)):
            value = spec.get(field, 0)
            if not isinstance(value, int) or not 0 <= value <= top:
                raise BadRequest("ERANGE", "%s must be an integer 0-%d (one byte in HSRPv1)" % (field, top))
        fields = {
            "opcode": OPCODES[opcode],
            "state": STATES[spec["state"]],
            "hellotime": int(spec.get("hellotime", 3)),
            "holdtime": int(spec.get("holdtime", 10)),
            "priority": int(spec["priority"]),
            "group": int(spec["group"]),
            "auth": auth.ljust(8, b"\0"),
            "virtualIP": vip,
        }
        return (
            Ether(src=spec.get("src_mac", self.own_mac), dst=HSRP_V1_GROUP_MAC)
            / IP(src=self.source_ip, dst=HSRP_V1_GROUP, ttl=1, tos=0xC0)
            / UDP(sport=HSRP_PORT, dport=HSRP_PORT)
            / HSRP(**fields)
        )

    def send(self, spec, opcode):
        frame = self.frame(spec, opcode)
        with self.socket_lock:
            self.socket.send(frame)
        return {"at": time.time()}

    def start_hello(self, spec):
        group = int(spec["group"])
        self.stop(group)
        self.frame(spec, "hello")  # reject a bad spec now, not in the thread
        stop = threading.Event()
        period = max(0.01, float(spec.get("period_ms", 1000)) / 1000)

        def run():
            while not stop.is_set():
                self.send(spec, "hello")
                stop.wait(period)

        thread = threading.Thread(target=run, daemon=True)
        self.senders[group] = (stop, thread)
        thread.start()

    def stop(self, group):
        sender = self.senders.pop(int(group), None)
        if sender is not None:
            sender[0].set()
            sender[1].join()

    def heard(self, pkt):
        if HSRP not in pkt or IP not in pkt or pkt[IP].src == self.source_ip:
            return
        h = pkt[HSRP]
        self.emit(
            {
                "event": "hsrp",
                "t": float(pkt.time),
                "srcMac": pkt[Ether].src,
                "dstMac": pkt[Ether].dst,
                "srcIp": pkt[IP].src,
                "dstIp": pkt[IP].dst,
                "ttl": pkt[IP].ttl,
                "tos": pkt[IP].tos,
                "sport": pkt[UDP].sport,
                "dport": pkt[UDP].dport,
                "version": h.version,
                # The enum fields as scapy names them ("Hello", "Coup", "Resign"; "Speak", "Active"...).
                "opcode": h.sprintf("%opcode%"),
                "state": h.sprintf("%state%"),
                "hellotime": h.hellotime,
                "holdtime": h.holdtime,
                "priority": h.priority,
                "group": h.group,
                "auth": h.auth.rstrip(b"\0").decode("ascii", "replace"),
                "vip": h.virtualIP,
            }
        )

    def handle(self, request):
        op = request.get("op")
        if op == "hello":
            self.start_hello(request)
            return None
        if op == "stop":
            self.stop(request["group"])
            return None
        if op == "send":
            opcode = request.get("opcode")
            if opcode not in OPCODES:
                raise BadRequest("EOPCODE", "opcode must be one of %s" % ", ".join(OPCODES))
            return self.send(request, opcode)
        if op == "mac":
            return self.own_mac
        raise BadRequest("EOP", "unknown op %r" % (op,))


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: hsrp_speaker.py IFACE SOURCE_IP\n")
        return 2
    speaker = Speaker(sys.argv[1], sys.argv[2])
    # AsyncSniffer opens its socket in its own thread: "ready" goes out once it listens, so no frame
    # sent after it is missed.
    listening = threading.Event()
    sniffer = AsyncSniffer(
        iface=speaker.iface,
        store=False,
        lfilter=lambda p: UDP in p and HSRP_PORT in (p[UDP].sport, p[UDP].dport),
        prn=speaker.heard,
        started_callback=listening.set,
    )
    sniffer.start()
    if not listening.wait(10):
        sys.stderr.write("the sniffer on %s did not start\n" % speaker.iface)
        return 1
    speaker.emit({"event": "ready"})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            result = speaker.handle(request)
            speaker.emit({"id": request_id, "ok": True, "result": result})
        except BadRequest as e:
            speaker.emit({"id": request_id, "ok": False, "error": {"code": e.code, "message": str(e)}})
        except (KeyError, ValueError, TypeError) as e:
            speaker.emit({"id": request_id, "ok": False, "error": {"code": "EINVAL", "message": "bad request: %s" % (e,)}})
    for group in list(speaker.senders):
        speaker.stop(group)
    sniffer.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
