# Pieces shared by several modes.
@lexer lexer

# An interface name, in one word (Gi0/1) or two (GigabitEthernet 0/1).
iface ->
    "IFNAME|Interface name" {% ([t]) => ifname(t) %}
  | "IFTYPE|Interface type" "IFNUM|Interface number" {% ([t, u]) => ifname(t, u) %}

# Free text to the end of the line.
text -> "LINE|Text" rest_words {% ([t]) => rest(t) %}
rest_words -> "REST":* {% () => null %}
any_args -> "REST":* {% () => null %}
some_args -> "REST":+ {% () => null %}

# Commands every configuration mode accepts.
mode_common ->
    "exit|Exit from the current mode" {% () => ({ k: 'exit' }) %}
  | "end|Exit to privileged EXEC mode" {% () => ({ k: 'end' }) %}
  | "do|To run exec commands in config mode" text {% ([, t]) => ({ k: 'do', line: t }) %}

# `[0|7] WORD` – a password as IOS takes it.
password_spec ->
    "0|Specifies an UNENCRYPTED password will follow" "WORD|The UNENCRYPTED (cleartext) password" {% ([, w]) => ({ type: 0, text: v(w) }) %}
  | "7|Specifies a HIDDEN password will follow" "WORD|The HIDDEN password" {% ([, w]) => ({ type: 7, text: v(w) }) %}
  | "WORD|The UNENCRYPTED (cleartext) password" {% ([w]) => ({ type: 0, text: v(w) }) %}

# `[0|5|8|9] WORD` – a secret as IOS takes it.
secret_spec ->
    "0|Specifies an UNENCRYPTED secret will follow" "WORD|The UNENCRYPTED (cleartext) secret" {% ([, w]) => ({ type: 0, text: v(w) }) %}
  | "5|Specifies a MD5 HASHED secret will follow" "WORD|The MD5 HASHED secret" {% ([, w]) => ({ type: 5, text: v(w) }) %}
  | "8|Specifies a PBKDF2 HASHED secret will follow" "WORD|The PBKDF2 HASHED secret" {% ([, w]) => ({ type: 8, text: v(w) }) %}
  | "9|Specifies a SCRYPT HASHED secret will follow" "WORD|The SCRYPT HASHED secret" {% ([, w]) => ({ type: 9, text: v(w) }) %}
  | "WORD|The UNENCRYPTED (cleartext) secret" {% ([w]) => ({ type: 0, text: v(w) }) %}

# `md5 key-string [0|7] K [timeout S] | md5 key-chain NAME | text S | S` (HSRP and VRRPv2).
fhrp_auth ->
    "WORD|Plain text authentication string (8 chars max)" {% ([w]) => ({ kind: 'text', text: v(w) }) %}
  | "text|Plain text authentication" "WORD|Plain text authentication string (8 chars max)" {% ([, w]) => ({ kind: 'text', text: v(w) }) %}
  | "md5|Use MD5 authentication" "key-string|Set key string" key_enc:? "WORD|Key string (64 chars max)" auth_timeout:?
      {% ([, , e, w, t]) => ({ kind: 'md5-key-string', key: { type: e ?? 0, text: v(w) }, timeout: t ?? undefined }) %}
  | "md5|Use MD5 authentication" "key-chain|Set key chain" "WORD|Name of key-chain" {% ([, , w]) => ({ kind: 'md5-key-chain', chain: v(w) }) %}
key_enc ->
    "0|Specifies an UNENCRYPTED key string will follow" {% () => 0 %}
  | "7|Specifies a HIDDEN key string will follow" {% () => 7 %}
auth_timeout -> "timeout|Set timeout" "<0-32767>|Timeout in seconds" {% ([, s]) => n(s) %}
