# `standby …` (HSRP) interface commands, spec §4.5. The group number is optional (group 0).
@lexer lexer

standby_body ->
    "version|HSRP version" hsrp_version {% ([, ver]) => ({ k: 'standby', sub: { s: 'version', value: ver } }) %}
  | "use-bia|HSRP uses interface's burned in address" bia_scope:? {% ([, sc]) => ({ k: 'standby', sub: { s: 'use-bia', scopeInterface: sc !== null } }) %}
  | "delay|HSRP initialisation delay" standby_delay {% ([, d]) => ({ k: 'standby', sub: { s: 'delay', ...d } }) %}
  | "mac-refresh|Refresh MAC cache on switch by periodically sending packet from virtual mac address" "<0-255>|Interval to refresh MAC cache" {% ([, t]) => ({ k: 'standby', sub: { s: 'mac-refresh', value: n(t) } }) %}
  | "redirect|Configure sending of ICMP Redirect messages with an HSRP virtual IP address as the gateway IP address" {% () => ({ k: 'standby', sub: { s: 'redirect' } }) %}
  | "bfd|Enable HSRP BFD" {% () => ({ k: 'standby', sub: { s: 'bfd' } }) %}
  | hsrp_group:? hsrp_cmd {% ([g, c]) => ({ k: 'standby', group: g?.value, groupOffset: g?.offset, sub: c }) %}

standby_no ->
    hsrp_group:? {% ([g]) => ({ k: 'standby', group: g?.value, groupOffset: g?.offset, sub: { s: g ? 'group' : 'all' } }) %}
  | "version|HSRP version" hsrp_version:? {% ([, ver]) => ({ k: 'standby', sub: { s: 'version', value: ver ?? undefined } }) %}
  | "use-bia|HSRP uses interface's burned in address" any_args {% () => ({ k: 'standby', sub: { s: 'use-bia', scopeInterface: false } }) %}
  | "delay|HSRP initialisation delay" any_args {% () => ({ k: 'standby', sub: { s: 'delay' } }) %}
  | "mac-refresh|Refresh MAC cache on switch by periodically sending packet from virtual mac address" any_args {% () => ({ k: 'standby', sub: { s: 'mac-refresh' } }) %}
  | "redirect|Configure sending of ICMP Redirect messages with an HSRP virtual IP address as the gateway IP address" any_args {% () => ({ k: 'standby', sub: { s: 'redirect' } }) %}
  | "bfd|Enable HSRP BFD" {% () => ({ k: 'standby', sub: { s: 'bfd' } }) %}
  | hsrp_group:? hsrp_cmd_no {% ([g, c]) => ({ k: 'standby', group: g?.value, groupOffset: g?.offset, sub: c }) %}

hsrp_group -> "<0-4095>|group number" {% ([t]) => ({ value: n(t), offset: t.offset }) %}
hsrp_version ->
    "1|Version 1" {% () => 1 %}
  | "2|Version 2" {% () => 2 %}
bia_scope -> "scope|Specify the scope of use-bia" "interface|Use-bia applies to all groups on this interface" {% () => true %}
standby_delay ->
    "minimum|Delay at least this long" "<0-10000>|Delay in seconds" standby_delay_reload:? {% ([, m, r]) => ({ minimum: n(m), reload: r ?? undefined }) %}
  | standby_delay_reload {% ([r]) => ({ reload: r }) %}
standby_delay_reload -> "reload|Delay after reload" "<0-10000>|Delay in seconds" {% ([, r]) => n(r) %}

hsrp_cmd ->
    "ip|Enable HSRP IPv4 and set the virtual IP address" hsrp_vip:? {% ([, a]) => ({ s: 'ip', address: a?.address, secondary: a?.secondary ?? false }) %}
  | "ipv6|Enable HSRP IPv6" hsrp_ipv6 {% ([, f]) => ({ s: 'ipv6', form: f }) %}
  | "priority|Priority level" "<0-255>|Priority value" {% ([, p]) => ({ s: 'priority', value: n(p) }) %}
  | "preempt|Overthrow lower priority Active routers" hsrp_preempt_delay:? {% ([, d]) => ({ s: 'preempt', delay: d ?? undefined }) %}
  | "timers|Hello and hold timers" hsrp_hello hsrp_hold {% ([, h, d]) => ({ s: 'timers', helloMs: h, holdMs: d }) %}
  | "authentication|Authentication" fhrp_auth {% ([, a]) => ({ s: 'authentication', auth: a }) %}
  | "track|Priority tracking" "<1-1000>|Tracked object number" hsrp_track_opt:?
      {% ([, o, t]) => ({ s: 'track', object: n(o), decrement: t?.decrement, shutdown: t?.shutdown ?? false }) %}
  | "track|Priority tracking" iface hsrp_track_dec:? {% ([, i, dec]) => ({ s: 'track', iface: i, decrement: dec ?? undefined, shutdown: false }) %}
  | "mac-address|Virtual MAC address" "H.H.H|MAC address" {% ([, m]) => ({ s: 'mac-address', mac: v(m) }) %}
  | "name|Redundancy name string" "WORD|name string" {% ([, w]) => ({ s: 'name', name: v(w) }) %}
  | "follow|Name of HSRP group to follow" "WORD|Redundancy name string" {% ([, w]) => ({ s: 'follow', name: v(w) }) %}

hsrp_cmd_no ->
    "ip|Enable HSRP IPv4 and set the virtual IP address" hsrp_vip:? {% ([, a]) => ({ s: 'ip', address: a?.address, secondary: a?.secondary ?? false }) %}
  | "ipv6|Enable HSRP IPv6" hsrp_ipv6:? {% ([, f]) => ({ s: 'ipv6', form: f ?? undefined }) %}
  | "priority|Priority level" any_args {% () => ({ s: 'priority' }) %}
  | "preempt|Overthrow lower priority Active routers" {% () => ({ s: 'preempt' }) %}
  | "preempt|Overthrow lower priority Active routers" "delay|Wait before preempting" any_args {% () => ({ s: 'preempt', delay: {} }) %}
  | "timers|Hello and hold timers" any_args {% () => ({ s: 'timers' }) %}
  | "authentication|Authentication" any_args {% () => ({ s: 'authentication' }) %}
  | "track|Priority tracking" {% () => ({ s: 'track', shutdown: false }) %}
  | "track|Priority tracking" "<1-1000>|Tracked object number" any_args {% ([, o]) => ({ s: 'track', object: n(o), shutdown: false }) %}
  | "track|Priority tracking" iface any_args {% ([, i]) => ({ s: 'track', iface: i, shutdown: false }) %}
  | "mac-address|Virtual MAC address" any_args {% () => ({ s: 'mac-address' }) %}
  | "name|Redundancy name string" any_args {% () => ({ s: 'name' }) %}
  | "follow|Name of HSRP group to follow" any_args {% () => ({ s: 'follow' }) %}

hsrp_vip -> "A.B.C.D|Virtual IP address" hsrp_secondary:? {% ([a, s]) => ({ address: v(a), secondary: s !== null }) %}
hsrp_secondary -> "secondary|Make this IP address a secondary virtual IP address" {% () => true %}
hsrp_ipv6 ->
    "autoconfig|Obtain address using autoconfiguration" {% () => ({ kind: 'autoconfig' }) %}
  | "X:X:X:X::X|IPv6 link-local address" {% ([a]) => ({ kind: 'link-local', address: v(a) }) %}
  | "X:X:X:X::X/<0-128>|IPv6 prefix" {% ([p]) => ({ kind: 'prefix', prefix: v(p) }) %}
hsrp_preempt_delay -> "delay|Wait before preempting" preempt_delays {% ([, d]) => d %}
preempt_delays ->
    preempt_min preempt_reload:? preempt_sync:? {% ([m, r, s]) => ({ minimum: m, reload: r ?? undefined, sync: s ?? undefined }) %}
  | preempt_reload preempt_sync:? {% ([r, s]) => ({ reload: r, sync: s ?? undefined }) %}
  | preempt_sync {% ([s]) => ({ sync: s }) %}
preempt_min -> "minimum|Delay at least this long" "<0-3600>|Number of seconds for minimum delay" {% ([, t]) => n(t) %}
preempt_reload -> "reload|Delay after reload" "<0-3600>|Number of seconds for reload delay" {% ([, t]) => n(t) %}
preempt_sync -> "sync|Wait for IP redundancy clients" "<0-3600>|Number of seconds for sync delay" {% ([, t]) => n(t) %}
hsrp_hello ->
    "<1-254>|Hello interval in seconds" {% ([t]) => ({ ms: n(t) * 1000, msec: false }) %}
  | "msec|Specify hello interval in milliseconds" "<15-999>|Hello interval in milliseconds" {% ([, t]) => ({ ms: n(t), msec: true }) %}
# The hold time's lower bound depends on the hello time (IOS narrows the range it offers after the
# hello); the grammar has the widest range and ./src/config/apply.ts puts the '^' under a hold time
# below it, hence the offset of the number.
hsrp_hold ->
    "<1-255>|Hold time in seconds" {% ([t]) => ({ ms: n(t) * 1000, msec: false, offset: t.offset }) %}
  | "msec|Specify hold time in milliseconds" "<50-3000>|Hold time in milliseconds" {% ([, t]) => ({ ms: n(t), msec: true, offset: t.offset }) %}
hsrp_track_opt ->
    "decrement|Priority decrement" "<1-255>|Decrement value" {% ([, d]) => ({ decrement: n(d), shutdown: false }) %}
  | "shutdown|Disable HSRP group if object goes down" {% () => ({ decrement: undefined, shutdown: true }) %}
hsrp_track_dec -> "<1-255>|Priority decrement" {% ([t]) => n(t) %}
