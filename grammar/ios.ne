# The IOS configuration language (DESIGN D1): one grammar for the startup-config and the CLI.
#
# Terminals are written as string literals in a small convention that the runtime
# (src/config/grammar/terminals.ts) turns into token matchers carrying their `?` help:
#   "word|help"            a keyword: any unique prefix, case-insensitive, exact match wins
#   "<A-B>|help"           an integer in A..B
#   "A.B.C.D|help"         an IPv4 address          "A.B.C.D/nn|help"        an IPv4 prefix
#   "X:X:X:X::X|help"      an IPv6 address          "X:X:X:X::X/<0-128>|help" an IPv6 prefix
#   "H.H.H|help"           a MAC address            "WORD|help"              any one word
#   "LINE|help"            free text to the end of the line (followed by REST:*)
#   "REST"                 any further word (not shown by `?`)
#   "IFNAME|help"          an interface name in one word (Gi0/1, GigabitEthernet0/1.10)
#   "IFTYPE|help" "IFNUM"  an interface type and its number as two words (GigabitEthernet 0/1)
# One start symbol per CLI mode; the `no` and `default` forms are written beside each command.

@preprocessor typescript
@{%
import { lexer, v, n, rest, ifname, flag, execNode, kwText } from './support.js';
%}
@lexer lexer

@include "common.ne"
@include "global.ne"
@include "routing.ne"
@include "interface.ne"
@include "hsrp.ne"
@include "vrrp.ne"
@include "track.ne"
@include "lines.ne"
@include "exec.ne"

# ---- mode start symbols -------------------------------------------------------------------------

exec_line -> exec_cmd {% ([c]) => ({ neg: undefined, cmd: c }) %}

config_line ->
    cfg {% ([c]) => ({ neg: undefined, cmd: c }) %}
  | "no|Negate a command or set its defaults" cfg_no {% ([, c]) => ({ neg: 'no', cmd: c }) %}
  | "default|Set a command to its defaults" cfg_no {% ([, c]) => ({ neg: 'default', cmd: c }) %}

interface_line ->
    ifc {% ([c]) => ({ neg: undefined, cmd: c }) %}
  | "no|Negate a command or set its defaults" ifc_no {% ([, c]) => ({ neg: 'no', cmd: c }) %}
  | "default|Set a command to its defaults" ifc_no {% ([, c]) => ({ neg: 'default', cmd: c }) %}

subinterface_line ->
    ifc {% ([c]) => ({ neg: undefined, cmd: c }) %}
  | encapsulation {% ([c]) => ({ neg: undefined, cmd: c }) %}
  | "no|Negate a command or set its defaults" (ifc_no | encapsulation_no) {% ([, [c]]) => ({ neg: 'no', cmd: c }) %}
  | "default|Set a command to its defaults" (ifc_no | encapsulation_no) {% ([, [c]]) => ({ neg: 'default', cmd: c }) %}

vrrp_af_line ->
    vaf {% ([c]) => ({ neg: undefined, cmd: c }) %}
  | "no|Negate a command or set its defaults" vaf_no {% ([, c]) => ({ neg: 'no', cmd: c }) %}
  | "default|Set a command to its defaults" vaf_no {% ([, c]) => ({ neg: 'default', cmd: c }) %}

track_line ->
    trk {% ([c]) => ({ neg: undefined, cmd: c }) %}
  | "no|Negate a command or set its defaults" trk_no {% ([, c]) => ({ neg: 'no', cmd: c }) %}
  | "default|Set a command to its defaults" trk_no {% ([, c]) => ({ neg: 'default', cmd: c }) %}

line_line ->
    lin {% ([c]) => ({ neg: undefined, cmd: c }) %}
  | "no|Negate a command or set its defaults" lin_no {% ([, c]) => ({ neg: 'no', cmd: c }) %}
  | "default|Set a command to its defaults" lin_no {% ([, c]) => ({ neg: 'default', cmd: c }) %}

keychain_line ->
    kch {% ([c]) => ({ neg: undefined, cmd: c }) %}
  | "no|Negate a command or set its defaults" kch_no {% ([, c]) => ({ neg: 'no', cmd: c }) %}
  | "default|Set a command to its defaults" kch_no {% ([, c]) => ({ neg: 'default', cmd: c }) %}

key_line ->
    key {% ([c]) => ({ neg: undefined, cmd: c }) %}
  | "no|Negate a command or set its defaults" key_no {% ([, c]) => ({ neg: 'no', cmd: c }) %}
  | "default|Set a command to its defaults" key_no {% ([, c]) => ({ neg: 'default', cmd: c }) %}
