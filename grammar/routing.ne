# `ip …` and `ipv6 …` global commands: routing, static routes, DNS, and the unmodelled ones.
@lexer lexer

ip_global ->
    "routing|Enable IP routing" {% () => ({ k: 'ip-routing' }) %}
  | "route|Establish static routes" "A.B.C.D|Destination prefix" "A.B.C.D|Destination prefix mask" route_via route_distance:? route_name:?
      {% ([, p, m, via, dist, name]) => ({ k: 'ip-route', prefix: v(p), mask: v(m), ...via, distance: dist ?? undefined, name: name ?? undefined }) %}
  | "domain-name|Define the default domain name" "WORD|Default domain name" {% ([, w]) => ({ k: 'ip-domain-name', name: v(w) }) %}
  | "domain|IP DNS Resolver" "name|Define the default domain name" "WORD|Default domain name" {% ([, , w]) => ({ k: 'ip-domain-name', name: v(w) }) %}
  | "domain-lookup|Enable IP Domain Name System hostname translation" {% () => ({ k: 'ip-domain-lookup' }) %}
  | "domain|IP DNS Resolver" "lookup|Enable IP Domain Name System hostname translation" {% () => ({ k: 'ip-domain-lookup' }) %}
  | ip_global_verbatim {% id %}

ip_global_no ->
    "routing|Enable IP routing" {% () => ({ k: 'ip-routing' }) %}
  | "route|Establish static routes" "A.B.C.D|Destination prefix" "A.B.C.D|Destination prefix mask"
      {% ([, p, m]) => ({ k: 'ip-route', prefix: v(p), mask: v(m) }) %}
  # The words after the next hop are optional and ignored, but spelled out (not `any_args`), so that
  # `no ip route P M Gi0/1` has one parse rather than one per reading of `Gi0/1`.
  | "route|Establish static routes" "A.B.C.D|Destination prefix" "A.B.C.D|Destination prefix mask" route_via route_distance:? route_name:?
      {% ([, p, m, via]) => ({ k: 'ip-route', prefix: v(p), mask: v(m), ...via }) %}
  | "domain-name|Define the default domain name" any_args {% () => ({ k: 'ip-domain-name' }) %}
  | "domain|IP DNS Resolver" "name|Define the default domain name" any_args {% () => ({ k: 'ip-domain-name' }) %}
  | "domain-lookup|Enable IP Domain Name System hostname translation" {% () => ({ k: 'ip-domain-lookup' }) %}
  | "domain|IP DNS Resolver" "lookup|Enable IP Domain Name System hostname translation" {% () => ({ k: 'ip-domain-lookup' }) %}
  | ip_global_verbatim {% id %}

route_via ->
    "A.B.C.D|Forwarding router's address" {% ([h]) => ({ nextHop: v(h) }) %}
  | iface {% ([i]) => ({ iface: i }) %}
  | iface "A.B.C.D|Forwarding router's address" {% ([i, h]) => ({ iface: i, nextHop: v(h) }) %}
route_distance -> "<1-255>|Distance metric for this route" {% ([t]) => n(t) %}
route_name -> "name|Specify name of the next hop" "WORD|Name of the next hop" {% ([, w]) => v(w) %}

ip_global_verbatim ->
    ip_global_verbatim_kw any_args {% ([w]) => ({ k: 'verbatim', text: 'ip ' + w }) %}
ip_global_verbatim_kw ->
    "cef|Cisco Express Forwarding" {% ([t]) => kwText(t) %}
  | "http|HTTP server configuration" {% ([t]) => kwText(t) %}
  | "ssh|Configure ssh options" {% ([t]) => kwText(t) %}
  | "forward-protocol|Controls forwarding of physical and directed IP broadcasts" {% ([t]) => kwText(t) %}
  | "name-server|Specify address of name server to use" {% ([t]) => kwText(t) %}
  | "ftp|FTP configuration commands" {% ([t]) => kwText(t) %}
  | "tftp|tftp configuration commands" {% ([t]) => kwText(t) %}
  | "scp|Scp commands" {% ([t]) => kwText(t) %}
  | "bgp-community|format for BGP community" {% ([t]) => kwText(t) %}
  | "multicast-routing|Enable IP multicast forwarding" {% ([t]) => kwText(t) %}
  | "dhcp|Configure DHCP server and relay parameters" {% ([t]) => kwText(t) %}
  | "access-list|Named access list" {% ([t]) => kwText(t) %}
  | "sla|IP Service Level Agreement" {% ([t]) => kwText(t) %}

ipv6_global ->
    "unicast-routing|Enable unicast routing" {% () => ({ k: 'ipv6-unicast-routing' }) %}
  | "route|Configure static routes" "X:X:X:X::X/<0-128>|IPv6 prefix" route6_via route_distance:?
      {% ([, p, via, dist]) => ({ k: 'ipv6-route', prefix: v(p), ...via, distance: dist ?? undefined }) %}
  | ipv6_global_verbatim {% id %}
ipv6_global_no ->
    "unicast-routing|Enable unicast routing" {% () => ({ k: 'ipv6-unicast-routing' }) %}
  | "route|Configure static routes" "X:X:X:X::X/<0-128>|IPv6 prefix" {% ([, p]) => ({ k: 'ipv6-route', prefix: v(p) }) %}
  | "route|Configure static routes" "X:X:X:X::X/<0-128>|IPv6 prefix" route6_via route_distance:?
      {% ([, p, via]) => ({ k: 'ipv6-route', prefix: v(p), ...via }) %}
  | ipv6_global_verbatim {% id %}
route6_via ->
    "X:X:X:X::X|IPv6 address of next-hop" {% ([h]) => ({ nextHop: v(h) }) %}
  | iface {% ([i]) => ({ iface: i }) %}
  | iface "X:X:X:X::X|IPv6 address of next-hop" {% ([i, h]) => ({ iface: i, nextHop: v(h) }) %}
ipv6_global_verbatim ->
    ipv6_global_verbatim_kw any_args {% ([w]) => ({ k: 'verbatim', text: 'ipv6 ' + w }) %}
ipv6_global_verbatim_kw ->
    "cef|Cisco Express Forwarding for IPv6" {% ([t]) => kwText(t) %}
  | "multicast-routing|Enable IPv6 multicast" {% ([t]) => kwText(t) %}
