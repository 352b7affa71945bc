# Global configuration mode: `Router(config)#`.
@lexer lexer

cfg ->
    "hostname|Set system's network name" "WORD|This system's network name" {% ([, w]) => ({ k: 'hostname', name: v(w) }) %}
  | "enable|Modify enable password parameters" enable_body {% ([, c]) => c %}
  | "username|Establish User Name Authentication" "WORD|User name" user_priv:? user_cred
      {% ([, u, p, c]) => ({ k: 'username', name: v(u), privilege: p ?? undefined, cred: c }) %}
  | "service|Modify use of network based services" service_body {% ([, c]) => c %}
  | "ip|Global IP configuration subcommands" ip_global {% ([, c]) => c %}
  | "ipv6|Global IPv6 configuration commands" ipv6_global {% ([, c]) => c %}
  | "logging|Modify message logging facilities" logging_body {% ([, c]) => c %}
  | "track|Object tracking configuration commands" "<1-1000>|Tracked object" track_def
      {% ([, id, d]) => ({ k: 'track', id: n(id), def: d }) %}
  | "key|Key management" "chain|Key-chain management" "WORD|Key-chain name" {% ([, , w]) => ({ k: 'key-chain', name: v(w) }) %}
  | "fhrp|First Hop Redundancy Protocol" "version|FHRP version" "vrrp|VRRP version" "v3|VRRP version 3" {% () => ({ k: 'fhrp-vrrp-v3' }) %}
  | "banner|Define a login banner" banner_kind text {% ([, b, t]) => ({ k: 'banner', which: b, text: t }) %}
  | "interface|Select an interface to configure" iface {% ([, i]) => ({ k: 'interface', name: i }) %}
  | "line|Configure a terminal line" line_spec {% ([, l]) => l %}
  | "version|Version" "WORD|Version number" {% ([, w]) => ({ k: 'version', text: v(w) }) %}
  | mode_common {% id %}
  | global_verbatim {% id %}

cfg_no ->
    "hostname|Set system's network name" any_args {% () => ({ k: 'hostname' }) %}
  | "enable|Modify enable password parameters" "secret|Assign the privileged level secret" any_args {% () => ({ k: 'enable-secret' }) %}
  | "enable|Modify enable password parameters" "password|Assign the privileged level password" any_args {% () => ({ k: 'enable-password' }) %}
  | "username|Establish User Name Authentication" "WORD|User name" any_args {% ([, u]) => ({ k: 'username', name: v(u) }) %}
  | "service|Modify use of network based services" service_body {% ([, c]) => c %}
  | "ip|Global IP configuration subcommands" ip_global_no {% ([, c]) => c %}
  | "ipv6|Global IPv6 configuration commands" ipv6_global_no {% ([, c]) => c %}
  | "logging|Modify message logging facilities" logging_no {% ([, c]) => c %}
  | "track|Object tracking configuration commands" "<1-1000>|Tracked object" any_args {% ([, id]) => ({ k: 'track', id: n(id) }) %}
  | "key|Key management" "chain|Key-chain management" "WORD|Key-chain name" {% ([, , w]) => ({ k: 'key-chain', name: v(w) }) %}
  | "fhrp|First Hop Redundancy Protocol" "version|FHRP version" "vrrp|VRRP version" "v3|VRRP version 3" {% () => ({ k: 'fhrp-vrrp-v3' }) %}
  | "banner|Define a login banner" banner_kind {% ([, b]) => ({ k: 'banner', which: b }) %}
  | "interface|Select an interface to configure" iface {% ([, i]) => ({ k: 'interface', name: i }) %}
  | "line|Configure a terminal line" "vty|Virtual terminal" "<0-1869>|First Line number" line_last:?
      {% ([, , a, b]) => ({ k: 'line', kind: 'vty', first: n(a), last: b ?? undefined }) %}
  | global_verbatim {% id %}

enable_body ->
    "secret|Assign the privileged level secret" secret_spec {% ([, s]) => ({ k: 'enable-secret', secret: s }) %}
  | "password|Assign the privileged level password" password_spec {% ([, p]) => ({ k: 'enable-password', password: p }) %}

user_priv -> "privilege|Set user privilege level" "<0-15>|User privilege level" {% ([, p]) => n(p) %}
user_cred ->
    "secret|Specify the secret for the user" secret_spec {% ([, s]) => ({ kind: 'secret', secret: s }) %}
  | "password|Specify the password for the user" password_spec {% ([, p]) => ({ kind: 'password', password: p }) %}
  | "nopassword|No password is required for the user to log in" {% () => ({ kind: 'nopassword' }) %}

service_body ->
    "password-encryption|Encrypt system passwords" {% () => ({ k: 'service-password-encryption' }) %}
  | "timestamps|Timestamp debug/log messages" ts_which:? ts_format:?
      {% ([, w, f]) => ({ k: 'service-timestamps', which: w ?? undefined, format: f ?? undefined }) %}
  | service_verbatim {% ([w]) => ({ k: 'verbatim', text: 'service ' + w }) %}
ts_which ->
    "debug|Timestamp debug messages" {% () => 'debug' %}
  | "log|Timestamp log messages" {% () => 'log' %}
ts_format ->
    "uptime|Timestamp with system uptime" {% () => ({ kind: 'uptime' }) %}
  | "datetime|Timestamp with date and time" ts_opt:* {% ([, o]) => ({ kind: 'datetime', options: o }) %}
ts_opt ->
    "msec|Include milliseconds in timestamp" {% () => 'msec' %}
  | "localtime|Use local time zone for timestamps" {% () => 'localtime' %}
  | "show-timezone|Add time zone information to timestamp" {% () => 'show-timezone' %}
  | "year|Include year in timestamp" {% () => 'year' %}
service_verbatim ->
    "pad|Enable PAD commands" {% () => 'pad' %}
  | "tcp-keepalives-in|Generate keepalives on idle incoming network connections" {% () => 'tcp-keepalives-in' %}
  | "tcp-keepalives-out|Generate keepalives on idle outgoing network connections" {% () => 'tcp-keepalives-out' %}
  | "sequence-numbers|Stamp logger messages with a sequence number" {% () => 'sequence-numbers' %}
  | "compress-config|Compress the configuration file" {% () => 'compress-config' %}
  | "config|TFTP load config files" {% () => 'config' %}

banner_kind ->
    "motd|Set Message of the Day banner" {% () => 'motd' %}
  | "login|Set login banner" {% () => 'login' %}
  | "exec|Set EXEC process creation banner" {% () => 'exec' %}

line_spec ->
    "console|Primary terminal line" "<0-0>|First Line number" {% () => ({ k: 'line', kind: 'con', first: 0 }) %}
  | "aux|Auxiliary line" "<0-0>|First Line number" {% () => ({ k: 'line', kind: 'aux', first: 0 }) %}
  | "vty|Virtual terminal" "<0-1869>|First Line number" line_last:?
      {% ([, a, b]) => ({ k: 'line', kind: 'vty', first: n(a), last: b ?? undefined }) %}
line_last -> "<1-1869>|Last Line number" {% ([t]) => n(t) %}

logging_body ->
    "host|Set syslog server IP address and parameters" "A.B.C.D|IP address of the syslog server" {% ([, a]) => ({ k: 'logging-host', host: v(a) }) %}
  | "A.B.C.D|IP address of the logging host" {% ([a]) => ({ k: 'logging-host', host: v(a) }) %}
  | "buffered|Set buffered logging parameters" log_size:? log_level:? {% ([, s, l]) => ({ k: 'logging-buffered', size: s ?? undefined, level: l ?? undefined }) %}
  | "console|Set console logging parameters" log_level:? {% ([, l]) => ({ k: 'logging-console', level: l ?? undefined }) %}
  | logging_verbatim {% ([w]) => ({ k: 'verbatim', text: 'logging ' + w }) %}
logging_no ->
    "host|Set syslog server IP address and parameters" "A.B.C.D|IP address of the syslog server" {% ([, a]) => ({ k: 'logging-host', host: v(a) }) %}
  | "A.B.C.D|IP address of the logging host" {% ([a]) => ({ k: 'logging-host', host: v(a) }) %}
  | "buffered|Set buffered logging parameters" any_args {% () => ({ k: 'logging-buffered' }) %}
  | "console|Set console logging parameters" any_args {% () => ({ k: 'logging-console' }) %}
  | logging_verbatim {% ([w]) => ({ k: 'verbatim', text: 'logging ' + w }) %}
logging_verbatim ->
    "trap|Set syslog server logging level" any_args {% ([t]) => kwText(t) %}
  | "source-interface|Specify interface for source address in logging transactions" any_args {% ([t]) => kwText(t) %}
  | "facility|Facility parameter for syslog messages" any_args {% ([t]) => kwText(t) %}
  | "synchronous|Synchronized message output" any_args {% ([t]) => kwText(t) %}
log_size -> "<4096-2147483647>|Logging buffer size" {% ([t]) => n(t) %}
log_level ->
    "<0-7>|Logging severity level" {% ([t]) => n(t) %}
  | "emergencies|System is unusable                (severity=0)" {% () => 0 %}
  | "alerts|Immediate action needed           (severity=1)" {% () => 1 %}
  | "critical|Critical conditions               (severity=2)" {% () => 2 %}
  | "errors|Error conditions                  (severity=3)" {% () => 3 %}
  | "warnings|Warning conditions                (severity=4)" {% () => 4 %}
  | "notifications|Normal but significant conditions (severity=5)" {% () => 5 %}
  | "informational|Informational messages            (severity=6)" {% () => 6 %}
  | "debugging|Debugging messages                (severity=7)" {% () => 7 %}

# Known IOS global commands that vipr accepts, keeps verbatim and shows in the running-config.
global_verbatim ->
    global_verbatim_kw some_args {% ([w]) => ({ k: 'verbatim', text: w }) %}
  | "boot-start-marker|Boot start marker" {% () => ({ k: 'verbatim', text: 'boot-start-marker' }) %}
  | "boot-end-marker|Boot end marker" {% () => ({ k: 'verbatim', text: 'boot-end-marker' }) %}
global_verbatim_kw ->
    "aaa|Authentication, Authorization and Accounting." {% ([t]) => kwText(t) %}
  | "access-list|Add an access list entry" {% ([t]) => kwText(t) %}
  | "alias|Create command alias" {% ([t]) => kwText(t) %}
  | "boot|Modify system boot parameters" {% ([t]) => kwText(t) %}
  | "cdp|Global CDP configuration subcommands" {% ([t]) => kwText(t) %}
  | "clock|Configure time-of-day clock" {% ([t]) => kwText(t) %}
  | "errdisable|Error disable" {% ([t]) => kwText(t) %}
  | "lldp|Global LLDP configuration subcommands" {% ([t]) => kwText(t) %}
  | "login|Enable secure login checking" {% ([t]) => kwText(t) %}
  | "ntp|Configure NTP" {% ([t]) => kwText(t) %}
  | "snmp-server|Modify SNMP engine parameters" {% ([t]) => kwText(t) %}
  | "spanning-tree|Spanning Tree Subsystem" {% ([t]) => kwText(t) %}
  | "vtp|Configure global VTP state" {% ([t]) => kwText(t) %}
  | "memory-size|Adjust memory size by percentage" {% ([t]) => kwText(t) %}
  | "multilink|PPP multilink global configuration" {% ([t]) => kwText(t) %}
  | "udld|Configure global UDLD setting" {% ([t]) => kwText(t) %}
  | "mls|Multilayer switching" {% ([t]) => kwText(t) %}
