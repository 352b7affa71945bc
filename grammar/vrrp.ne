# `vrrp N …` legacy (IOS VRRPv2) interface commands, spec §5.7, and the IOS-XE VRRPv3
@lexer lexer
# address-family sub-mode `Router(config-if-vrrp)#`, spec §5.8.

vrrp_body ->
    "ip|Enable Virtual Router Redundancy Protocol (VRRP) for IP" "A.B.C.D|IP address" vrrp_secondary:?
      {% ([t, a, s]) => ({ sub: { s: 'ip', address: v(a), secondary: s !== null }, subOffset: t.offset }) %}
  | "priority|Priority of this VRRP group" "<1-254>|Priority value" {% ([t, p]) => ({ sub: { s: 'priority', value: n(p) }, subOffset: t.offset }) %}
  | "preempt|Enable preemption of lower priority Master" vrrp_preempt_delay:? {% ([t, d]) => ({ sub: { s: 'preempt', delayMinimum: d ?? undefined }, subOffset: t.offset }) %}
  | "timers|Change the timer values" "advertise|Set the Advertisement timer" vrrp_adv {% ([t, , a]) => ({ sub: { s: 'timers-advertise', ...a }, subOffset: t.offset }) %}
  | "timers|Change the timer values" "learn|Learn the Advertisement timer from the Master" {% ([t]) => ({ sub: { s: 'timers-learn' }, subOffset: t.offset }) %}
  | "authentication|Authentication" fhrp_auth {% ([t, a]) => ({ sub: { s: 'authentication', auth: a }, subOffset: t.offset }) %}
  | "track|Event Tracking" "<1-1000>|Tracked object number" vrrp_track_dec:?
      {% ([t, o, d]) => ({ sub: { s: 'track', object: n(o), decrement: d ?? undefined }, subOffset: t.offset }) %}
  | "description|Group specific description" text {% ([t, x]) => ({ sub: { s: 'description', text: x }, subOffset: t.offset }) %}
  | "shutdown|Disable VRRP Group" {% ([t]) => ({ sub: { s: 'shutdown' }, subOffset: t.offset }) %}
  | "address-family|Enter VRRP address-family mode" vrrp_af {% ([t, f]) => ({ sub: { s: 'address-family', family: f }, subOffset: t.offset }) %}

vrrp_no ->
    null {% () => ({ sub: { s: 'group' } }) %}
  | "ip|Enable Virtual Router Redundancy Protocol (VRRP) for IP" vrrp_ip_no:?
      {% ([t, a]) => ({ sub: { s: 'ip', address: a?.address, secondary: a?.secondary ?? false }, subOffset: t.offset }) %}
  | "priority|Priority of this VRRP group" any_args {% ([t]) => ({ sub: { s: 'priority' }, subOffset: t.offset }) %}
  | "preempt|Enable preemption of lower priority Master" any_args {% ([t]) => ({ sub: { s: 'preempt' }, subOffset: t.offset }) %}
  | "timers|Change the timer values" "advertise|Set the Advertisement timer" any_args {% ([t]) => ({ sub: { s: 'timers-advertise' }, subOffset: t.offset }) %}
  | "timers|Change the timer values" "learn|Learn the Advertisement timer from the Master" {% ([t]) => ({ sub: { s: 'timers-learn' }, subOffset: t.offset }) %}
  | "authentication|Authentication" any_args {% ([t]) => ({ sub: { s: 'authentication' }, subOffset: t.offset }) %}
  | "track|Event Tracking" {% ([t]) => ({ sub: { s: 'track' }, subOffset: t.offset }) %}
  | "track|Event Tracking" "<1-1000>|Tracked object number" any_args {% ([t, o]) => ({ sub: { s: 'track', object: n(o) }, subOffset: t.offset }) %}
  | "description|Group specific description" any_args {% ([t]) => ({ sub: { s: 'description' }, subOffset: t.offset }) %}
  | "shutdown|Disable VRRP Group" {% ([t]) => ({ sub: { s: 'shutdown' }, subOffset: t.offset }) %}
  | "address-family|Enter VRRP address-family mode" vrrp_af {% ([t, f]) => ({ sub: { s: 'address-family', family: f }, subOffset: t.offset }) %}

vrrp_ip_no -> "A.B.C.D|IP address" vrrp_secondary:? {% ([a, s]) => ({ address: v(a), secondary: s !== null }) %}
vrrp_secondary -> "secondary|Specify an additional VRRP address for this group" {% () => true %}
vrrp_preempt_delay -> "delay|Wait before preempting" "minimum|Delay at least this long" "<0-3600>|Seconds to delay" {% ([, , t]) => n(t) %}
vrrp_adv ->
    "<1-255>|Advertisement interval in seconds" {% ([t]) => ({ ms: n(t) * 1000, msec: false }) %}
  | "msec|Specify time in milliseconds" "<50-999>|Advertisement interval in milliseconds" {% ([, t]) => ({ ms: n(t), msec: true }) %}
vrrp_track_dec -> "decrement|Priority decrement" "<1-254>|Decrement value" {% ([, d]) => n(d) %}
vrrp_af ->
    "ipv4|IPv4 address family" {% () => 'ipv4' %}
  | "ipv6|IPv6 address family" {% () => 'ipv6' %}

# ---- Router(config-if-vrrp)# ----------------------------------------------------------------------

vaf ->
    "address|Primary or Secondary address" vaf_address {% ([t, a]) => ({ k: 'vaf', sub: { s: 'address', ...a }, subOffset: t.offset }) %}
  | "priority|Priority level" "<1-254>|Priority value" {% ([t, p]) => ({ k: 'vaf', sub: { s: 'priority', value: n(p) }, subOffset: t.offset }) %}
  | "preempt|Enable preemption of lower priority Master" vrrp_preempt_delay:? {% ([t, d]) => ({ k: 'vaf', sub: { s: 'preempt', delayMinimum: d ?? undefined }, subOffset: t.offset }) %}
  | "timers|Set the timers" "advertise|Set the Advertisement timer" vaf_msec:? "<100-40000>|Advertisement interval in milliseconds"
      {% ([t, , , a]) => ({ k: 'vaf', sub: { s: 'timers', ms: n(a) }, subOffset: t.offset }) %}
  | "track|Event tracking" "<1-1000>|Tracked object number" vaf_track_opt:?
      {% ([t, o, x]) => ({ k: 'vaf', sub: { s: 'track', object: n(o), decrement: x?.decrement, shutdown: x?.shutdown ?? false }, subOffset: t.offset }) %}
  | "vrrpv2|Enable support for VRRPv2 simultaneously, so as to interoperate with IOS and other routers that support VRRPv2"
      {% ([t]) => ({ k: 'vaf', sub: { s: 'vrrpv2' }, subOffset: t.offset }) %}
  | "description|Group specific description" text {% ([t, x]) => ({ k: 'vaf', sub: { s: 'description', text: x }, subOffset: t.offset }) %}
  | "shutdown|Shutdown VRRP Group" {% ([t]) => ({ k: 'vaf', sub: { s: 'shutdown' }, subOffset: t.offset }) %}
  | vaf_checksum {% id %}
  | vaf_accept {% id %}
  | "exit-vrrp|Exit from VRRP configuration mode" {% () => ({ k: 'exit' }) %}
  | mode_common {% id %}

# vipr extension: an IPv4 VRRPv3 group sends its checksum computed over the IPv4 pseudo-header
# too (RFC 5798 §5.2.8 read literally, as keepalived and FRR do). Default: Cisco style, without it.
vaf_checksum ->
    "checksum|VRRPv3 checksum computation (vipr extension)" "pseudo-header|Include the IPv4 pseudo-header, as keepalived and FRR do"
      {% ([t]) => ({ k: 'vaf', sub: { s: 'checksum-pseudo-header' }, subOffset: t.offset }) %}

# vipr extension: RFC 5798 §6.1 Accept_Mode. IOS-XE has no such command in this sub-mode and its
# Master answers for the VIP whoever owns it, so `accept-mode` is the default; `no accept-mode` is
# the RFC's Accept_Mode False (a non-owner Master drops packets addressed to the VIP, §6.4.3).
vaf_accept ->
    "accept-mode|Accept packets addressed to the virtual IP addresses when Master (vipr extension)"
      {% ([t]) => ({ k: 'vaf', sub: { s: 'accept-mode' }, subOffset: t.offset }) %}

vaf_no ->
    "address|Primary or Secondary address" vaf_address:? {% ([t, a]) => ({ k: 'vaf', sub: { s: 'address', ...(a ?? {}) }, subOffset: t.offset }) %}
  | "priority|Priority level" any_args {% ([t]) => ({ k: 'vaf', sub: { s: 'priority' }, subOffset: t.offset }) %}
  | "preempt|Enable preemption of lower priority Master" any_args {% ([t]) => ({ k: 'vaf', sub: { s: 'preempt' }, subOffset: t.offset }) %}
  | "timers|Set the timers" any_args {% ([t]) => ({ k: 'vaf', sub: { s: 'timers' }, subOffset: t.offset }) %}
  | "track|Event tracking" {% ([t]) => ({ k: 'vaf', sub: { s: 'track', shutdown: false }, subOffset: t.offset }) %}
  | "track|Event tracking" "<1-1000>|Tracked object number" any_args {% ([t, o]) => ({ k: 'vaf', sub: { s: 'track', object: n(o), shutdown: false }, subOffset: t.offset }) %}
  | "vrrpv2|Enable support for VRRPv2 simultaneously, so as to interoperate with IOS and other routers that support VRRPv2"
      {% ([t]) => ({ k: 'vaf', sub: { s: 'vrrpv2' }, subOffset: t.offset }) %}
  | "description|Group specific description" any_args {% ([t]) => ({ k: 'vaf', sub: { s: 'description' }, subOffset: t.offset }) %}
  | "shutdown|Shutdown VRRP Group" {% ([t]) => ({ k: 'vaf', sub: { s: 'shutdown' }, subOffset: t.offset }) %}
  | vaf_checksum {% id %}
  | vaf_accept {% id %}

vaf_address ->
    "A.B.C.D|IPv4 address" vaf_rank:? {% ([a, r]) => ({ address: v(a), secondary: r === 'secondary', primary: r === 'primary' }) %}
  | "X:X:X:X::X|IPv6 link-local address" "primary|Primary address" {% ([a]) => ({ address: v(a), primary: true, secondary: false }) %}
  | "X:X:X:X::X/<0-128>|IPv6 prefix" {% ([p]) => ({ prefix: v(p), primary: false, secondary: false }) %}
vaf_rank ->
    "primary|Primary address" {% () => 'primary' %}
  | "secondary|Secondary address" {% () => 'secondary' %}
vaf_msec -> "msec|Specify time in milliseconds" {% () => true %}
vaf_track_opt ->
    "decrement|Priority decrement" "<1-255>|Decrement value" {% ([, d]) => ({ decrement: n(d), shutdown: false }) %}
  | "shutdown|Shutdown vrrp if object goes down" {% () => ({ decrement: undefined, shutdown: true }) %}
