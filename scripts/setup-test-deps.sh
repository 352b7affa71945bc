#!/usr/bin/env bash
# Debian packages the test suite uses: tshark as an independent dissector of every frame vipr
# writes; iproute2, ping, tcpdump and tcpreplay for the tests in network namespaces; keepalived
# (2.2.7) and FRR's vrrpd (8.4) as real VRRP peers and scapy's HSRP layer as an independent HSRP
# speaker; OpenSSH, sshpass, Netmiko and Ansible as real CLI clients. Installs only what is missing, so a
# prepared machine pays nothing.
set -euo pipefail
need=()
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v tcpreplay >/dev/null 2>&1 || need+=(tcpreplay)
# Real peers (DESIGN, "Real peers and tools"): Debian's keepalived and FRR, and scapy under Debian's
# own python3.
command -v keepalived >/dev/null 2>&1 || need+=(keepalived)
[ -x /usr/lib/frr/vrrpd ] || need+=(frr)
/usr/bin/python3 -c 'import scapy' >/dev/null 2>&1 || need+=(python3-scapy)
# Real CLI clients: OpenSSH driven by sshpass, and Debian's Netmiko under Debian's own python3.
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v sshpass >/dev/null 2>&1 || need+=(sshpass)
/usr/bin/python3 -c 'import netmiko' >/dev/null 2>&1 || need+=(python3-netmiko)
# Ansible's cisco.ios collection (bundled in Debian's ansible) over paramiko, and TextFSM for the
# ntc-templates parsers automation runs on show output.
command -v ansible-playbook >/dev/null 2>&1 || need+=(ansible)
/usr/bin/python3 -c 'import paramiko' >/dev/null 2>&1 || need+=(python3-paramiko)
/usr/bin/python3 -c 'import textfsm' >/dev/null 2>&1 || need+=(python3-textfsm)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-test-deps: need root to install: ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
