# EXEC mode (`Router>` and `Router#`). Each command yields { k: 'exec', path, args }: the
@lexer lexer
# canonical keywords in order and the values, for the CLI to dispatch on.

exec_cmd ->
    "enable|Turn on privileged commands" {% execNode %}
  | "disable|Turn off privileged commands" {% execNode %}
  | "configure|Enter configuration mode" configure_what:? {% execNode %}
  | "exit|Exit from the EXEC" {% execNode %}
  | "logout|Exit from the EXEC" {% execNode %}
  | "show|Show running system information" show_what {% execNode %}
  | "write|Write running configuration to memory, network, or terminal" write_what:? {% execNode %}
  | "copy|Copy from one file to another" "running-config|Copy from current system configuration" "startup-config|Copy to startup configuration" {% execNode %}
  | "terminal|Set terminal line parameters" terminal_what {% execNode %}
  | "ping|Send echo messages" "A.B.C.D|Ping destination address" {% execNode %}
  | "debug|Debugging functions (see also 'undebug')" debug_what {% execNode %}
  | "undebug|Disable debugging functions (see also 'debug')" undebug_what {% execNode %}
  | "clear|Reset functions" clear_what {% execNode %}
  | "reload|Halt and perform a cold restart" {% execNode %}
  | "traceroute|Trace route to destination" "A.B.C.D|Trace route to destination address" {% execNode %}
  | "dir|List files on a filesystem" dir_path:? {% execNode %}
clear_what ->
    "logging|Clear logging buffer" {% execNode %}
  | "counters|Clear counters on one or all interfaces" iface:? {% execNode %}
# `dir nvram:` – a file system name ends in a colon, so it is a word, not a keyword.
dir_path -> "WORD|Directory or file name" {% id %}
configure_what -> "terminal|Configure from the terminal" {% id %}
# Netmiko opens with `terminal width 511`, Ansible with `terminal width 512` and `0` (ecosystem §5);
# `terminal monitor` / `terminal no monitor` switch live syslog in a session.
terminal_what ->
    "length|Set number of lines on a screen" "<0-512>|Number of lines on screen (0 for no pausing)" {% execNode %}
  | "width|Set width of the display terminal" "<0-512>|Number of characters on a screen line" {% execNode %}
  | "monitor|Copy debug output to the current terminal line" {% execNode %}
  | "no|Negate a command or set its defaults" "monitor|Copy debug output to the current terminal line" {% execNode %}
write_what ->
    "memory|Write to NV memory" {% id %}
  | "terminal|Write to terminal" {% id %}
debug_what ->
    "standby|Hot standby protocol" debug_opt:? {% execNode %}
  | "vrrp|VRRP debugging" debug_opt:? {% execNode %}
  | "track|Tracking debugging" {% execNode %}
debug_opt ->
    "events|Events" {% id %}
  | "packets|Packets" {% id %}
  | "errors|Errors" {% id %}
  | "all|All" {% id %}
undebug_what ->
    "all|Disable all debugging" {% id %}
  | debug_what {% id %}

show_what ->
    "running-config|Current operating configuration" show_run_opt:? {% execNode %}
  | "startup-config|Contents of startup configuration" {% execNode %}
  | "standby|Hot standby protocol information" show_standby_opt:? {% execNode %}
  | "vrrp|VRRP information" show_vrrp_opt:? {% execNode %}
  | "track|Tracking information" show_track_opt:? {% execNode %}
  | "ip|IP information" show_ip {% execNode %}
  | "ipv6|IPv6 information" show_ipv6 {% execNode %}
  | "interfaces|Interface status and configuration" iface:? {% execNode %}
  | "version|System hardware and software status" {% execNode %}
  | "privilege|Show current privilege level" {% execNode %}
  | "clock|Display the system clock" {% execNode %}
  | "logging|Show the contents of logging buffers" {% execNode %}
  | "users|Display information about terminal lines" {% execNode %}
  | "arp|ARP table" {% execNode %}
  | "history|Display the session command history" {% execNode %}
  | "key|Key information" "chain|Keychain information" {% execNode %}
  | "hosts|IP domain-name, lookup style, nameservers, and host table" {% execNode %}
  | "archive|Archive functions" {% execNode %}
show_run_opt ->
    "interface|Show interface configuration" iface {% execNode %}
  | "all|Configuration with defaults" {% execNode %}
show_standby_opt ->
    "brief|Brief output" {% execNode %}
  | "all|Include groups in disabled state" {% execNode %}
  | iface show_group:? show_brief:? {% execNode %}
show_group -> "<0-4095>|group number" {% id %}
show_brief -> "brief|Brief output" {% id %}
show_vrrp_opt ->
    "brief|Brief output" {% execNode %}
  | "all|Include groups in disabled state" {% execNode %}
  | "interface|VRRP interface status and configuration" iface show_brief:? {% execNode %}
show_track_opt ->
    "<1-1000>|Tracked object" show_brief:? {% execNode %}
  | "brief|Brief output" {% execNode %}
show_ip ->
    "interface|IP interface status and configuration" show_ip_if_opt:? {% execNode %}
  | "route|IP routing table" {% execNode %}
# Ansible's ios_facts (interfaces subset) reads `show ip interface` and `show ipv6 interface` for
# every interface's addresses (ecosystem §5).
show_ip_if_opt ->
    "brief|Brief summary of IP status and configuration" {% execNode %}
  | iface {% execNode %}
show_ipv6 ->
    "route|Show IPv6 route table entries" {% execNode %}
  | "interface|IPv6 interface status and configuration" iface:? {% execNode %}
