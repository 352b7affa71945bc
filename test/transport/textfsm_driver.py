#!/usr/bin/python3
"""Parses IOS show output with networktocode's ntc-templates through TextFSM's CliTable, as Netmiko's
use_textfsm=True and NAPALM do: the index picks the template from the command (abbreviations and
all), the template turns the text into records.

Run by test/transport/textfsm.test.ts with Debian's /usr/bin/python3 (python3-textfsm,
python3-netmiko). Reads one JSON object on stdin:
  {"templates": DIR,                        # holds `index` and the .textfsm files
   "devices": [{"name": NAME,               # each reached over SSH with Netmiko (cisco_ios)
                "connect": {"host", "port", "username", "password", "secret"},
                "commands": [COMMAND, ...]}],
   "files": [[COMMAND, PATH], ...]}         # saved outputs of real IOS (the control)
Prints {"devices": {NAME: {COMMAND: RESULT}}, "files": {PATH: RESULT}} where RESULT is
{"raw": TEXT, "records": [{FIELD: VALUE}]} or {"raw": TEXT, "error": MESSAGE}; the test asserts.
"""
import json
import sys

from textfsm import clitable


def parse(table, command, raw):
    try:
        table.ParseCmd(raw, {"Command": command, "Platform": "cisco_ios"})
    except Exception as e:  # TextFSMError, CliTableError: reported per command, never fatal
        return {"raw": raw, "error": "%s: %s" % (type(e).__name__, e)}
    return {"raw": raw, "records": [dict(zip(table.header, row)) for row in table]}


def main():
    job = json.load(sys.stdin)
    table = clitable.CliTable("index", job["templates"])
    out = {"devices": {}, "files": {}}
    for command, path in job.get("files", []):
        with open(path, encoding="utf-8") as f:
            out["files"][path] = parse(table, command, f.read())
    for device in job.get("devices", []):
        from netmiko import ConnectHandler

        conn = ConnectHandler(device_type="cisco_ios", timeout=20, fast_cli=True, **device["connect"])
        conn.enable()
        results = out["devices"][device["name"]] = {}
        for command in device["commands"]:
            results[command] = parse(table, command, conn.send_command(command))
        conn.disconnect()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
