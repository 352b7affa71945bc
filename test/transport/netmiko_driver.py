#!/usr/bin/python3
"""Drives vipr over SSH with Netmiko exactly as an automation script would (device_type cisco_ios).

Run by test/transport/netmiko.test.ts with Debian's /usr/bin/python3 (python3-netmiko).
Usage: netmiko_driver.py HOST PORT USERNAME PASSWORD SECRET
Prints one JSON object with what each step returned; the test makes the assertions.
"""
import json
import sys
import time

from netmiko import ConnectHandler
from netmiko.ssh_autodetect import SSHDetect

host, port, username, password, secret = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
device = {
    "host": host,
    "port": port,
    "username": username,
    "password": password,
    "secret": secret,
    "timeout": 20,
}
out = {}

detect = SSHDetect(device_type="autodetect", **device)
out["autodetect"] = detect.autodetect()
detect.connection.disconnect()

t0 = time.monotonic()
conn = ConnectHandler(device_type="cisco_ios", **device)
out["connect_s"] = time.monotonic() - t0
out["prompt"] = conn.find_prompt()
conn.enable()
out["enable_prompt"] = conn.find_prompt()
out["standby_before"] = conn.send_command("show standby brief")
out["config"] = conn.send_config_set(["interface GigabitEthernet0/1", "standby 1 priority 120"])
# The election follows the new priority: poll until this router is Active (or give up after 10 s).
deadline = time.monotonic() + 10
while True:
    after = conn.send_command("show standby brief")
    if "Active  local" in after or time.monotonic() > deadline:
        break
    time.sleep(0.2)
out["standby_after"] = after
out["filtered"] = conn.send_command("show running-config | include standby 1 priority")
out["save"] = conn.save_config()
conn.disconnect()
print(json.dumps(out))
