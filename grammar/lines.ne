# `Router(config-line)#`, `Router(config-keychain)#` and `Router(config-keychain-key)#`.
@lexer lexer

lin ->
    "login|Enable password checking" login_local:? {% ([, l]) => ({ k: 'login', local: l !== null }) %}
  | "password|Set a password" password_spec {% ([, p]) => ({ k: 'line-password', password: p }) %}
  | "transport|Define transport protocols for line" "input|Define which protocols to use when connecting to the terminal server" transport_proto:+
      {% ([, , p]) => ({ k: 'transport-input', protocols: p }) %}
  | "exec-timeout|Set the EXEC timeout" "<0-35791>|Timeout in minutes" exec_seconds:?
      {% ([, m, s]) => ({ k: 'exec-timeout', minutes: n(m), seconds: s ?? undefined }) %}
  | "privilege|Change privilege level for line" "level|Assign default privilege level for line" "<0-15>|Default privilege level for line"
      {% ([, , l]) => ({ k: 'privilege-level', level: n(l) }) %}
  | mode_common {% id %}
  | line_verbatim {% id %}
lin_no ->
    "login|Enable password checking" any_args {% () => ({ k: 'login', local: false }) %}
  | "password|Set a password" any_args {% () => ({ k: 'line-password' }) %}
  | "transport|Define transport protocols for line" "input|Define which protocols to use when connecting to the terminal server" any_args {% () => ({ k: 'transport-input' }) %}
  | "exec-timeout|Set the EXEC timeout" any_args {% () => ({ k: 'exec-timeout' }) %}
  | "privilege|Change privilege level for line" any_args {% () => ({ k: 'privilege-level' }) %}
  | line_verbatim {% id %}
login_local -> "local|Local password checking" {% () => true %}
exec_seconds -> "<0-2147483>|Timeout in seconds" {% ([t]) => n(t) %}
transport_proto ->
    "all|All protocols" {% () => 'all' %}
  | "none|No protocols" {% () => 'none' %}
  | "ssh|TCP/IP SSH protocol" {% () => 'ssh' %}
  | "telnet|TCP/IP Telnet protocol" {% () => 'telnet' %}
line_verbatim -> line_verbatim_kw any_args {% ([w]) => ({ k: 'verbatim', text: w }) %}
line_verbatim_kw ->
    "logging|Modify message logging facilities" {% ([t]) => kwText(t) %}
  | "stopbits|Set async line stop bits" {% ([t]) => kwText(t) %}
  | "history|Enable and control the command history function" {% ([t]) => kwText(t) %}
  | "length|Set number of lines on a screen" {% ([t]) => kwText(t) %}
  | "width|Set width of the display terminal" {% ([t]) => kwText(t) %}
  | "access-class|Filter connections based on an IP access list" {% ([t]) => kwText(t) %}
  | "exec|Start an EXEC process" {% ([t]) => kwText(t) %}
  | "escape-character|Change the current line's escape character" {% ([t]) => kwText(t) %}
  | "session-timeout|Set interval for closing connection when there is no input traffic" {% ([t]) => kwText(t) %}
  | "speed|Set the transmit and receive speeds" {% ([t]) => kwText(t) %}
  | "flowcontrol|Set the flow control" {% ([t]) => kwText(t) %}

kch ->
    "key|Configure a key" "<0-2147483647>|Key identifier" {% ([, i]) => ({ k: 'key', id: n(i) }) %}
  | mode_common {% id %}
kch_no ->
    "key|Configure a key" "<0-2147483647>|Key identifier" {% ([, i]) => ({ k: 'key', id: n(i) }) %}

key ->
    "key-string|Set key string" key_secret {% ([, s]) => ({ k: 'key-string', secret: s }) %}
  | "key|Configure a key" "<0-2147483647>|Key identifier" {% ([, i]) => ({ k: 'key', id: n(i) }) %}
  | key_verbatim {% id %}
  | mode_common {% id %}
key_no ->
    "key-string|Set key string" any_args {% () => ({ k: 'key-string' }) %}
  | key_verbatim {% id %}
key_secret ->
    "0|Specifies an UNENCRYPTED password will follow" "WORD|The UNENCRYPTED (cleartext) user password" {% ([, w]) => ({ type: 0, text: v(w) }) %}
  | "7|Specifies a HIDDEN password will follow" "WORD|The HIDDEN user password" {% ([, w]) => ({ type: 7, text: v(w) }) %}
  | "WORD|The UNENCRYPTED (cleartext) user password" {% ([w]) => ({ type: 0, text: v(w) }) %}
key_verbatim -> key_verbatim_kw some_args {% ([w]) => ({ k: 'verbatim', text: w }) %}
key_verbatim_kw ->
    "accept-lifetime|Set accept lifetime of key" {% ([t]) => kwText(t) %}
  | "send-lifetime|Set send lifetime of key" {% ([t]) => kwText(t) %}
  | "cryptographic-algorithm|Set cryptographic authentication algorithm" {% ([t]) => kwText(t) %}
