# Interface configuration mode: `Router(config-if)#` and `Router(config-subif)#`.
@lexer lexer

ifc ->
    "description|Interface specific description" text {% ([, t]) => ({ k: 'description', text: t }) %}
  | "ip|Interface Internet Protocol config commands" if_ip {% ([, c]) => c %}
  | "ipv6|IPv6 interface subcommands" if_ipv6 {% ([, c]) => c %}
  | "shutdown|Shutdown the selected interface" {% () => ({ k: 'shutdown' }) %}
  | "mtu|Set the interface Maximum Transmission Unit (MTU)" "<64-9216>|MTU size in bytes" {% ([, m]) => ({ k: 'mtu', value: n(m) }) %}
  | "standby|HSRP interface configuration commands" standby_body {% ([, c]) => c %}
  | "vrrp|VRRP Interface configuration commands" "<1-255>|Group number" vrrp_body {% ([, g, c]) => ({ k: 'vrrp', group: n(g), groupOffset: g.offset, ...c }) %}
  | mode_common {% id %}
  | if_verbatim {% id %}

ifc_no ->
    "description|Interface specific description" any_args {% () => ({ k: 'description' }) %}
  | "ip|Interface Internet Protocol config commands" if_ip_no {% ([, c]) => c %}
  | "ipv6|IPv6 interface subcommands" if_ipv6_no {% ([, c]) => c %}
  | "shutdown|Shutdown the selected interface" {% () => ({ k: 'shutdown' }) %}
  | "mtu|Set the interface Maximum Transmission Unit (MTU)" any_args {% () => ({ k: 'mtu' }) %}
  | "standby|HSRP interface configuration commands" standby_no {% ([, c]) => c %}
  | "vrrp|VRRP Interface configuration commands" "<1-255>|Group number" vrrp_no {% ([, g, c]) => ({ k: 'vrrp', group: n(g), groupOffset: g.offset, ...c }) %}
  | if_verbatim {% id %}

encapsulation ->
    "encapsulation|Set encapsulation type for an interface" "dot1Q|IEEE 802.1Q Virtual LAN" "<1-4094>|IEEE 802.1Q VLAN ID required" encap_native:?
      {% ([, , vl, nat]) => ({ k: 'encapsulation', vlan: n(vl), native: nat !== null }) %}
encapsulation_no ->
    "encapsulation|Set encapsulation type for an interface" any_args {% () => ({ k: 'encapsulation', native: false }) %}
encap_native -> "native|Make this as native vlan" {% () => true %}

if_ip ->
    "address|Set the IP address of an interface" "A.B.C.D|IP address" "A.B.C.D|IP subnet mask" ip_secondary:?
      {% ([, a, m, s]) => ({ k: 'ip-address', address: v(a), mask: v(m), secondary: s !== null }) %}
  | if_ip_verbatim {% id %}
if_ip_no ->
    "address|Set the IP address of an interface" if_ip_addr_no:? {% ([, a]) => ({ k: 'ip-address', ...(a ?? {}), secondary: a?.secondary ?? false }) %}
  | if_ip_verbatim {% id %}
if_ip_addr_no -> "A.B.C.D|IP address" "A.B.C.D|IP subnet mask" ip_secondary:?
      {% ([a, m, s]) => ({ address: v(a), mask: v(m), secondary: s !== null }) %}
ip_secondary -> "secondary|Make this IP address a secondary address" {% () => true %}
if_ip_verbatim -> if_ip_verbatim_kw any_args {% ([w]) => ({ k: 'verbatim', text: 'ip ' + w }) %}
if_ip_verbatim_kw ->
    "redirects|Enable sending ICMP Redirect messages" {% ([t]) => kwText(t) %}
  | "unreachables|Enable sending ICMP Unreachable messages" {% ([t]) => kwText(t) %}
  | "proxy-arp|Enable proxy ARP" {% ([t]) => kwText(t) %}
  | "helper-address|Specify a destination address for UDP broadcasts" {% ([t]) => kwText(t) %}
  | "ospf|OSPF interface commands" {% ([t]) => kwText(t) %}
  | "access-group|Specify access control for packets" {% ([t]) => kwText(t) %}
  | "nat|NAT interface commands" {% ([t]) => kwText(t) %}
  | "pim|PIM interface commands" {% ([t]) => kwText(t) %}
  | "igmp|IGMP interface commands" {% ([t]) => kwText(t) %}
  | "mtu|Set IP Maximum Transmission Unit" {% ([t]) => kwText(t) %}
  | "tcp|TCP header compression and/or MSS parameters" {% ([t]) => kwText(t) %}
  | "flow|NetFlow related commands" {% ([t]) => kwText(t) %}
  | "directed-broadcast|Enable forwarding of directed broadcasts" {% ([t]) => kwText(t) %}
  | "policy|Enable policy routing" {% ([t]) => kwText(t) %}

if_ipv6 ->
    "address|Configure IPv6 address on interface" ipv6_addr_form {% ([, f]) => ({ k: 'ipv6-address', form: f }) %}
  | "enable|Enable IPv6 on interface" {% () => ({ k: 'ipv6-enable' }) %}
  | if_ipv6_verbatim {% id %}
if_ipv6_no ->
    "address|Configure IPv6 address on interface" ipv6_addr_form:? {% ([, f]) => ({ k: 'ipv6-address', form: f ?? undefined }) %}
  | "enable|Enable IPv6 on interface" {% () => ({ k: 'ipv6-enable' }) %}
  | if_ipv6_verbatim {% id %}
ipv6_addr_form ->
    "X:X:X:X::X/<0-128>|IPv6 prefix" ipv6_eui:? {% ([p, e]) => ({ kind: 'prefix', prefix: v(p), eui64: e !== null }) %}
  | "X:X:X:X::X|IPv6 link-local address" "link-local|Use link-local address" {% ([a]) => ({ kind: 'link-local', address: v(a) }) %}
  | "autoconfig|Obtain address using autoconfiguration" {% () => ({ kind: 'autoconfig' }) %}
ipv6_eui -> "eui-64|Use eui-64 interface identifier" {% () => true %}
if_ipv6_verbatim -> if_ipv6_verbatim_kw any_args {% ([w]) => ({ k: 'verbatim', text: 'ipv6 ' + w }) %}
if_ipv6_verbatim_kw ->
    "nd|IPv6 interface Neighbor Discovery subcommands" {% ([t]) => kwText(t) %}
  | "ospf|OSPF interface commands" {% ([t]) => kwText(t) %}
  | "redirects|Enable sending of ICMP Redirect messages" {% ([t]) => kwText(t) %}
  | "unreachables|Enable sending of ICMP Unreachable messages" {% ([t]) => kwText(t) %}
  | "mtu|Set IPv6 Maximum Transmission Unit" {% ([t]) => kwText(t) %}

# Known IOS interface commands that vipr accepts, keeps verbatim and shows in the running-config.
# Words that are also global commands (cdp, lldp, logging, arp) take only their interface forms,
# so a global line after an interface stanza still leaves the stanza, as on IOS.
if_verbatim ->
    if_verbatim_kw any_args {% ([w]) => ({ k: 'verbatim', text: w }) %}
  | "cdp|CDP interface subcommands" "enable|Enable CDP on interface" {% ([t]) => ({ k: 'verbatim', text: kwText(t) }) %}
  | "lldp|LLDP interface subcommands" lldp_dir {% ([t]) => ({ k: 'verbatim', text: kwText(t) }) %}
  | "logging|Configure logging for interface" "event|Interface events" any_args {% ([t]) => ({ k: 'verbatim', text: kwText(t) }) %}
  | "arp|Set arp type (arpa, probe, snap) or timeout or log options" "timeout|Set ARP cache timeout" "<0-2147483>|Seconds" {% ([t]) => ({ k: 'verbatim', text: kwText(t) }) %}
  # Only its own forms: otherwise `service` (a unique prefix of service-policy here) would take
  # `service password-encryption` typed or loaded after an interface away from global configuration.
  | "service-policy|Configure CPL Service Policy" service_policy_dir any_args {% ([t]) => ({ k: 'verbatim', text: kwText(t) }) %}
  # The interface forms only, so that global `spanning-tree mode …`/`extend system-id` leave the stanza.
  | "spanning-tree|Spanning Tree Subsystem" stp_if_kw any_args {% ([t]) => ({ k: 'verbatim', text: kwText(t) }) %}
stp_if_kw ->
    "bpdufilter|Don't send or receive BPDUs on this interface" {% id %}
  | "bpduguard|Don't accept BPDUs on this interface" {% id %}
  | "cost|Change an interface's spanning tree port path cost" {% id %}
  | "guard|Change an interface's spanning tree guard mode" {% id %}
  | "link-type|Specify a link type for spanning tree protocol use" {% id %}
  | "mst|Multiple spanning tree" {% id %}
  | "port-priority|Change an interface's spanning tree port priority" {% id %}
  | "portfast|Portfast options for the interface" {% id %}
  | "vlan|VLAN Switch Spanning Tree" {% id %}
service_policy_dir ->
    "input|Assign policy-map to the input of an interface" {% id %}
  | "output|Assign policy-map to the output of an interface" {% id %}
  | "type|Configure CPL Service Policy type" {% id %}
lldp_dir ->
    "transmit|Enable LLDP transmission on interface" {% id %}
  | "receive|Enable LLDP reception on interface" {% id %}
if_verbatim_kw ->
    "duplex|Configure duplex operation." {% ([t]) => kwText(t) %}
  | "speed|Configure speed operation." {% ([t]) => kwText(t) %}
  | "negotiation|Select Autonegotiation mode" {% ([t]) => kwText(t) %}
  | "media-type|Media type" {% ([t]) => kwText(t) %}
  | "load-interval|Specify interval for load calculation for an interface" {% ([t]) => kwText(t) %}
  | "keepalive|Enable keepalive" {% ([t]) => kwText(t) %}
  | "switchport|Set switching mode characteristics" {% ([t]) => kwText(t) %}
  | "channel-group|Etherchannel/port bundling configuration" {% ([t]) => kwText(t) %}
  | "storm-control|storm configuration" {% ([t]) => kwText(t) %}
  | "bandwidth|Set bandwidth informational parameter" {% ([t]) => kwText(t) %}
  | "delay|Specify interface throughput delay" {% ([t]) => kwText(t) %}
  | "carrier-delay|Specify delay for interface transitions" {% ([t]) => kwText(t) %}
  | "mop|DEC MOP server commands" {% ([t]) => kwText(t) %}
  | "hold-queue|Set hold queue depth" {% ([t]) => kwText(t) %}
  # Only the interface forms: `udld enable`, `mls qos` and the other global forms are tried in global
  # configuration after an interface stanza, as IOS does.
  | "udld|Configure UDLD enabled or disabled and ignore global UDLD setting" "port|Enable UDLD protocol on this interface" {% ([t]) => kwText(t) %}
  | "mls|mls interface commands" "qos|qos command keyword" mls_qos_if {% ([t]) => kwText(t) %}
mls_qos_if ->
    "cos|cos keyword" {% id %}
  | "dscp-mutation|dscp-mutation keyword" {% id %}
  | "trust|trust keyword" {% id %}
  | "vlan-based|vlan-based keyword" {% id %}
