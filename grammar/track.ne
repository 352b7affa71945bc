# `track N …` global definitions and the `Router(config-track)#` mode.
@lexer lexer

track_def ->
    "interface|Select an interface to track" iface track_if_what {% ([, i, w]) => ({ kind: 'interface', iface: i, what: w }) %}
  | "ip|IP protocol" "route|IP route" track_route track_route_what {% ([, , r, w]) => ({ kind: 'ip-route', ...r, what: w }) %}
  | "ip|IP protocol" "sla|IP Service Level Agreement" "<0-2147483647>|Entry number" track_sla_what:?
      {% ([, , e, w]) => ({ kind: 'ip-sla', sla: n(e), what: w ?? 'state' }) %}
  | "list|Group objects in a list" "boolean|List state is a boolean combination" track_bool {% ([, , b]) => ({ kind: 'list', op: b }) %}
track_if_what ->
    "line-protocol|Track interface line-protocol" {% () => 'line-protocol' %}
  | "ip|IP parameters" "routing|Track interface IP routing capability" {% () => 'ip-routing' %}
track_route ->
    "A.B.C.D|Destination prefix" "A.B.C.D|Destination prefix mask" {% ([p, m]) => ({ prefix: v(p), mask: v(m) }) %}
  | "A.B.C.D/nn|Destination prefix and length" {% ([p]) => ({ prefixLen: v(p) }) %}
track_route_what ->
    "reachability|Track IP route reachability" {% () => 'reachability' %}
  | "metric|Track IP route metric" "threshold|Track IP route metric threshold" {% () => 'metric-threshold' %}
track_sla_what ->
    "reachability|Track IP SLA reachability" {% () => 'reachability' %}
  | "state|Track IP SLA state" {% () => 'state' %}
track_bool ->
    "and|Boolean AND" {% () => 'and' %}
  | "or|Boolean OR" {% () => 'or' %}

trk ->
    "delay|Tracking delay" track_delay {% ([, d]) => ({ k: 'track-delay', ...d }) %}
  | "object|Add object to tracked list" "<1-1000>|Tracked object" track_not:? {% ([, o, x]) => ({ k: 'track-object', object: n(o), not: x !== null }) %}
  | mode_common {% id %}
trk_no ->
    "delay|Tracking delay" any_args {% () => ({ k: 'track-delay' }) %}
  | "object|Add object to tracked list" "<1-1000>|Tracked object" any_args {% ([, o]) => ({ k: 'track-object', object: n(o), not: false }) %}
track_delay ->
    track_up track_down:? {% ([u, d]) => ({ up: u, down: d ?? undefined }) %}
  | track_down {% ([d]) => ({ down: d }) %}
track_up -> "up|Delay up change notification" "<0-180>|Seconds to delay" {% ([, t]) => n(t) %}
track_down -> "down|Delay down change notification" "<0-180>|Seconds to delay" {% ([, t]) => n(t) %}
track_not -> "not|Negate the state of object" {% () => true %}
