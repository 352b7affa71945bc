#!/usr/bin/env bash
# The container image and docker-compose.yml, for real (issue 8): builds images/Dockerfile with
# podman, brings the repository's docker-compose.yml up through podman's Docker API with Debian's
# docker-compose, and checks what the compose file promises: r1 Active, the client reaching the
# virtual IP through the virtual MAC, r2 taking over while the client keeps pinging when r1 stops, a
# saved configuration winning over the startup-config after a restart, the health check. Prints the
# image's figures (size on disk, compressed size, container start to SSH-ready) and a last line
# `N passed, N failed`; exits non-zero when a check failed.
#
# No registry is reachable on CI machines, so the Dockerfile's bases are built here from Debian
# packages: `debootstrap --variant=minbase bookworm`, slimmed as debian:bookworm-slim is, imported as
# localhost/vipr-debian-base (RUNTIME_BASE); the same with this machine's Node copied to /usr/local
# as in node:20-bookworm-slim, and this machine's CA bundle (npm ci must trust whatever TLS the
# machine's network presents), imported as localhost/vipr-node-base (BASE). Both are kept (labelled
# with the Node version and this recipe's version) so later runs skip them; podman's layer cache
# keeps `npm ci` too while package-lock.json is unchanged.
#
# Environment: VIPR_TEST_IMAGE (default localhost/vipr:test), DEBIAN_MIRROR, VIPR_KEEP=1 to leave
# the compose project running for inspection.
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

IMAGE=${VIPR_TEST_IMAGE:-localhost/vipr:test}
# The Dockerfile's BASE (Debian + Node, builds) and RUNTIME_BASE (Debian, runs).
BASE_IMAGE=localhost/vipr-node-base
RUNTIME_BASE_IMAGE=localhost/vipr-debian-base
# Bump when the base recipe below changes, so cached bases are rebuilt.
BASE_RECIPE=2
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PROJECT=viprtest$$
WORK=$(mktemp -d /tmp/vipr-container.XXXXXX)
SOCK=$WORK/podman.sock
SERVICE_PID=
MEASURE=vipr-measure-$$
# From docker-compose.yml.
VIP=198.51.100.1
VMAC=00:00:0c:07:ac:01

passed=0
failed=0
started_at=$(date +%s)

say() { printf '%s\n' "$*"; }
ms() { date +%s%3N; }
pass() { passed=$((passed + 1)); say "ok   - $1"; }
fail() { failed=$((failed + 1)); say "FAIL - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/       /'; return 0; }

summary() {
  say "$passed passed, $failed failed"
}

compose() { DOCKER_HOST=unix://$SOCK VIPR_IMAGE=$IMAGE docker-compose -p "$PROJECT" -f "$REPO/docker-compose.yml" "$@"; }

cleanup() {
  local status=$?
  if [ "${VIPR_KEEP:-}" != 1 ]; then
    [ -S "$SOCK" ] && compose down -v -t 2 >/dev/null 2>&1
    podman rm -f -v -t 1 "$MEASURE" >/dev/null 2>&1
  else
    say "# VIPR_KEEP=1: project $PROJECT left running (DOCKER_HOST=unix://$SOCK)"
  fi
  [ -n "$SERVICE_PID" ] && [ "${VIPR_KEEP:-}" != 1 ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null
  [ "${VIPR_KEEP:-}" != 1 ] && rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

abort() {
  fail "$1" "${2:-}"
  summary
  exit 1
}

# --- podman, as DESIGN.md "Real peers and tools" sets it up -------------------------------------

missing=()
for tool in podman:podman runc:runc docker-compose:docker-compose debootstrap:debootstrap; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "# installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    abort "apt-get install ${missing[*]}"
fi
if [ ! -f /etc/containers/containers.conf ]; then
  mkdir -p /etc/containers
  # No systemd-managed ulimits inside these machines, and runc rather than crun.
  printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' >/etc/containers/containers.conf
fi

# --- the base images: Debian 12 minbase, and the same with this machine's Node at /usr/local ----

node_bin=$(readlink -f "$(command -v node)")
node_prefix=$(dirname "$(dirname "$node_bin")")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
base_key="$(node -v) recipe $BASE_RECIPE"
t0=$(ms)
label() { podman image inspect --format '{{index .Labels "vipr.base"}}' "$1" 2>/dev/null; }
# Imports directory $1 as image $2 (through a file, not a pipe: a failed tar must not leave a
# truncated image under the cached name); further arguments are `--change` instructions.
import_rootfs() {
  local dir=$1 image=$2 change
  shift 2
  local changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change "LABEL vipr.base=\"$base_key\"")
  for change in "$@"; do changes+=(--change "$change"); done
  tar --numeric-owner -C "$dir" -cf "$WORK/rootfs.tar" . || abort "tar of the root file system of $image"
  podman import "${changes[@]}" "$WORK/rootfs.tar" "$image" >"$WORK/import.log" 2>&1 || abort "podman import $image" "$(cat "$WORK/import.log")"
  rm -f "$WORK/rootfs.tar"
}
if [ "$(label "$BASE_IMAGE")" = "$base_key" ] && [ "$(label "$RUNTIME_BASE_IMAGE")" = "$base_key" ]; then
  say "# base images $BASE_IMAGE and $RUNTIME_BASE_IMAGE ($base_key) are cached"
else
  say "# building $RUNTIME_BASE_IMAGE and $BASE_IMAGE ($base_key) with debootstrap from $MIRROR"
  rootfs=$WORK/rootfs
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
    abort "debootstrap bookworm" "$(tail -5 "$WORK/debootstrap.log")"
  # What debian:bookworm-slim leaves out, so that apt-get in the Dockerfile stays slim as well.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/90slim"
  printf 'deb %s bookworm main\n' "$MIRROR" >"$rootfs/etc/apt/sources.list"
  find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null
  rm -rf "$rootfs"/usr/share/{man,info,locale,lintian}/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  import_rootfs "$rootfs" "$RUNTIME_BASE_IMAGE" 'CMD ["bash"]'
  # The layout of the official node images: node, npm and the headers node-gyp needs offline.
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
  cp "$node_bin" "$rootfs/usr/local/bin/node"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  cp -a "$node_prefix/include/node" "$rootfs/usr/local/include/node"
  node_env=()
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$rootfs/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    node_env=('ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  fi
  import_rootfs "$rootfs" "$BASE_IMAGE" 'CMD ["node"]' "${node_env[@]}"
  rm -rf "$rootfs"
fi
say "# base images: $(($(ms) - t0)) ms"

# --- the vipr image -------------------------------------------------------------------------------

t0=$(ms)
previous=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null)
# --format docker keeps HEALTHCHECK (OCI image configs have no field for it); the build's RUN steps
# use the host's network for apt-get and npm ci.
if podman build --format docker --network host --build-arg "BASE=$BASE_IMAGE" --build-arg "RUNTIME_BASE=$RUNTIME_BASE_IMAGE" -f images/Dockerfile -t "$IMAGE" . >"$WORK/build.log" 2>&1; then
  pass "podman build -f images/Dockerfile ($(($(ms) - t0)) ms)"
else
  abort "podman build -f images/Dockerfile" "$(tail -20 "$WORK/build.log")"
fi

# The image this build replaced would stay behind untagged at every source change.
[ -n "$previous" ] && [ "$previous" != "$(podman image inspect --format '{{.Id}}' "$IMAGE")" ] && podman rmi "$previous" >/dev/null 2>&1
size_disk=$(podman image inspect --format '{{.Size}}' "$IMAGE")
size_gz=$(podman save "$IMAGE" 2>/dev/null | gzip | wc -c)
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1000000 }'; }
say "# image size on disk: $(mb "$size_disk"); podman save | gzip: $(mb "$size_gz")"
[ "$size_disk" -lt 250000000 ] && pass "image < 250 MB on disk ($(mb "$size_disk"))" || fail "image < 250 MB on disk ($(mb "$size_disk"))"
[ "$size_gz" -lt 100000000 ] && pass "image < 100 MB compressed ($(mb "$size_gz"))" || fail "image < 100 MB compressed ($(mb "$size_gz"))"

health=$(podman image inspect --format '{{json .Config.Healthcheck}}' "$IMAGE" 2>/dev/null)
case "$health" in *vipr*cli*) pass "the image has a HEALTHCHECK" ;; *) fail "the image has a HEALTHCHECK" "$health" ;; esac

# --- container start to SSH-ready -----------------------------------------------------------------

# One router alone on podman's default network, NET_ADMIN and NET_RAW only: the time from `podman
# start` to the SSH banner on port 22, three times (the first start also creates the host key).
printf 'hostname M1\ninterface GigabitEthernet0/0\n standby 1 ip 10.88.255.254\n!\nend\n' >"$WORK/m1.cfg"
# (podman without systemd says on stderr that it cannot schedule the HEALTHCHECK: kept out of sight.)
podman create --name "$MEASURE" --cap-add NET_ADMIN,NET_RAW -v "$WORK/m1.cfg:/config/startup-config:ro" "$IMAGE" >/dev/null 2>"$WORK/create.log" ||
  abort "podman create $MEASURE" "$(cat "$WORK/create.log")"
# Prints "TOTAL PODMAN CPU": ms from running `podman start` to the SSH banner, how much of it
# `podman start` itself took (runc, conmon, netavark) before vipr could even begin, and the CPU time
# vipr had used by then (user + system, from /proc/1/stat: the entry point execs vipr as PID 1),
# which does not depend on how busy the machine is.
ssh_ready() {
  node --input-type=module -e '
    import { execFileSync } from "node:child_process";
    import { connect } from "node:net";
    const name = process.argv[1];
    const t0 = performance.now();
    execFileSync("podman", ["start", name], { stdio: ["ignore", "ignore", "pipe"] });
    const started = performance.now() - t0;
    const ip = execFileSync("podman", ["inspect", "--format", "{{.NetworkSettings.IPAddress}}", name]).toString().trim();
    const deadline = t0 + 20000;
    const attempt = () => {
      const s = connect({ host: ip, port: 22 });
      let seen = "";
      s.on("data", (b) => {
        seen += b.toString("latin1");
        if (seen.startsWith("SSH-")) {
          const total = Math.round(performance.now() - t0);
          const stat = execFileSync("podman", ["exec", name, "cat", "/proc/1/stat"]).toString();
          const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          // utime and stime are fields 14 and 15 of proc(5), in clock ticks of 10 ms.
          console.log(`${total} ${Math.round(started)} ${(Number(f[11]) + Number(f[12])) * 10}`);
          s.destroy();
          process.exit(0);
        }
      });
      s.on("error", () => {
        s.destroy();
        if (performance.now() > deadline) { console.error(`no SSH banner from ${ip}:22 within 20 s`); process.exit(1); }
        setTimeout(attempt, 5);
      });
    };
    attempt();
  ' "$1"
}
ready=()
podman_part=()
cpu=()
for i in 1 2 3; do
  t=$(ssh_ready "$MEASURE" 2>"$WORK/ready.err") || { fail "container start to SSH-ready (start $i)" "$(cat "$WORK/ready.err"; podman logs --tail 20 "$MEASURE" 2>&1)"; break; }
  read -r total podman_ms cpu_ms <<<"$t"
  ready+=("$total")
  podman_part+=("$podman_ms")
  cpu+=("$cpu_ms")
  podman stop -t 5 "$MEASURE" >/dev/null 2>&1
done
if [ ${#ready[@]} -eq 3 ]; then
  say "# container start to SSH-ready: ${ready[*]} ms (of which podman start: ${podman_part[*]} ms; vipr's CPU time until then: ${cpu[*]} ms; load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores)"
  median=$(printf '%s\n' "${ready[@]}" | sort -n | sed -n 2p)
  # A figure, not a check: wall-clock time on a shared machine says as much about the machine.
  [ "$median" -lt 1000 ] && goal="met" || goal="not met at this load"
  say "# container start to SSH-ready, median: ${median} ms (goal < 1 s: $goal)"
  pass "three container starts each serve SSH"
fi
logs=$(podman logs "$MEASURE" 2>&1)
if printf '%s' "$logs" | grep -q 'Traceback\|Error:.*at \|Unhandled'; then fail "vipr run starts cleanly in the container" "$logs"; else pass "vipr run starts cleanly in the container"; fi
podman rm -f -v -t 1 "$MEASURE" >/dev/null 2>&1

# --- docker-compose.yml through podman's Docker API ------------------------------------------------

podman system service --time=0 "unix://$SOCK" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 100); do [ -S "$SOCK" ] && break; sleep 0.05; done
[ -S "$SOCK" ] || abort "podman system service" "$(cat "$WORK/service.log")"

if compose up -d >"$WORK/up.log" 2>&1; then pass "docker-compose up -d"; else abort "docker-compose up -d" "$(cat "$WORK/up.log")"; fi
cid() { compose ps -q "$1" 2>/dev/null | head -1; }
R1=$(cid r1)
R2=$(cid r2)
CLIENT=$(cid client)
[ -n "$R1" ] && [ -n "$R2" ] && [ -n "$CLIENT" ] || abort "docker-compose ps" "$(compose ps 2>&1)"

cli() { podman exec "$1" vipr cli -c "$2" 2>&1; }
# Waits up to $3 seconds for `show standby brief` in container $1 to show state $2 for group 1.
wait_state() {
  local deadline=$(($(date +%s) + $3)) out
  while :; do
    out=$(cli "$1" 'show standby brief')
    # The P column is blank without preempt, so the state is found by name, not by position.
    printf '%s\n' "$out" | awk '$2 == "1" { for (i = 3; i <= NF; i++) if ($i ~ /^(Init|Learn|Listen|Speak|Standby|Active)$/) { print $i; exit } }' | grep -qx "$2" && return 0
    [ "$(date +%s)" -ge "$deadline" ] && { printf '%s\n' "$out" >"$WORK/last-standby"; return 1; }
    sleep 0.2
  done
}

if wait_state "$R1" Active 30; then pass "r1: show standby brief says Active"; else fail "r1: show standby brief says Active" "$(cat "$WORK/last-standby"; podman logs --tail 30 "$R1" 2>&1)"; fi
if wait_state "$R2" Standby 30; then pass "r2: show standby brief says Standby"; else fail "r2: show standby brief says Standby" "$(cat "$WORK/last-standby"; podman logs --tail 30 "$R2" 2>&1)"; fi

out=$(podman exec "$CLIENT" ping -c 3 -i 0.2 -W 1 "$VIP" 2>&1)
case "$out" in *" 0% packet loss"*) pass "client pings the VIP $VIP" ;; *) fail "client pings the VIP $VIP" "$out" ;; esac
neigh=$(podman exec "$CLIENT" ip neigh show "$VIP" 2>&1)
case "$neigh" in *"lladdr $VMAC"*) pass "client's neighbour entry for the VIP is the virtual MAC $VMAC" ;; *) fail "client's neighbour entry for the VIP is the virtual MAC $VMAC" "$neigh" ;; esac
route=$(podman exec "$CLIENT" ip route show default 2>&1)
case "$route" in *"via $VIP"*) pass "client's default route is via the VIP" ;; *) fail "client's default route is via the VIP" "$route" ;; esac

# A Standby whose virtual-MAC child ran IPv6 would send DAD/MLD frames from the virtual MAC.
v6=$(podman exec "$R2" ip -6 -o addr show 2>&1 | grep ' vh-')
[ -z "$v6" ] && pass "r2's virtual-MAC child has no IPv6 address" || fail "r2's virtual-MAC child has no IPv6 address" "$v6"

if podman healthcheck run "$R1" >/dev/null 2>&1; then pass "r1 is healthy (podman healthcheck run)"; else fail "r1 is healthy (podman healthcheck run)" "$(podman healthcheck run "$R1" 2>&1)"; fi

# Failover: the client pings the VIP every 100 ms while r1 is stopped (SIGTERM: r1 resigns).
podman exec "$CLIENT" ping -i 0.1 -W 1 -w 8 "$VIP" >"$WORK/ping.log" 2>&1 &
pinger=$!
sleep 1.5
t0=$(ms)
compose stop -t 5 r1 >/dev/null 2>&1
if wait_state "$R2" Active 15; then pass "r2 goes Active when r1 stops ($(($(ms) - t0)) ms after docker-compose stop began)"; else fail "r2 goes Active when r1 stops" "$(cat "$WORK/last-standby"; podman logs --tail 30 "$R2" 2>&1)"; fi
wait "$pinger"
# The routers' own view, from their IOS-format log timestamps: r1's last state change out of Active
# (SIGTERM: it resigns) to r2's Standby -> Active.
log_ms() { sed -n "s/^\*[A-Z][a-z]* *[0-9]* \([0-9:.]*\): .*$1.*/\1/p" | tail -1 | awk -F: '{ printf "%d", ($1 * 3600 + $2 * 60 + $3) * 1000 }'; }
t_resign=$(podman logs "$R1" 2>&1 | log_ms 'Grp 1 state Active -> ')
t_active=$(podman logs "$R2" 2>&1 | log_ms 'Grp 1 state Standby -> Active')
# r1 logs its change after its resign frame left, so r2 may log first: a delta <= 0 means at once.
[ -n "$t_resign" ] && [ -n "$t_active" ] && say "# failover in the routers' logs: r2 Active $((t_active - t_resign)) ms after r1 logged leaving Active (SIGTERM)"
stats=$(grep 'packets transmitted' "$WORK/ping.log")
sent=$(printf '%s' "$stats" | awk '{ print $1 }')
got=$(printf '%s' "$stats" | awk '{ print $4 }')
say "# failover, client pinging the VIP every 100 ms: $stats"
# Replies up to the end of the run, not just before the stop, are what "keeps pinging" means.
last_seq=$(grep -o 'icmp_seq=[0-9]*' "$WORK/ping.log" | cut -d= -f2 | sort -n | tail -1)
if [ -n "$got" ] && [ -n "$last_seq" ] && [ "$last_seq" -ge $((sent - 3)) ]; then
  pass "client keeps reaching the gateway across the failover (lost $((sent - got)) of $sent)"
else
  fail "client keeps reaching the gateway across the failover" "$(tail -5 "$WORK/ping.log")"
fi
neigh=$(podman exec "$CLIENT" ip neigh show "$VIP" 2>&1)
case "$neigh" in *"lladdr $VMAC"*) pass "after failover the VIP is still the virtual MAC" ;; *) fail "after failover the VIP is still the virtual MAC" "$neigh" ;; esac

# First boot vs saved configuration: `write memory` on r2, then a restart boots from the save.
out=$(podman exec "$R2" vipr cli -c 'configure terminal' -c 'hostname R2-SAVED' -c 'end' -c 'write memory' 2>&1)
case "$out" in *"[OK]"*) pass "r2: write memory" ;; *) fail "r2: write memory" "$out" ;; esac
initial=$(podman exec "$R2" cat /config/startup-config 2>&1)
case "$initial" in *R2-SAVED*) fail "write memory leaves the bind-mounted startup-config alone" "$initial" ;; *) pass "write memory leaves the bind-mounted startup-config alone" ;; esac
compose restart -t 5 r2 >/dev/null 2>&1
host=""
for _ in $(seq 50); do
  host=$(cli "$R2" 'show running-config | include ^hostname')
  case "$host" in *hostname*) break ;; esac
  sleep 0.2
done
case "$host" in *"hostname R2-SAVED"*) pass "after a restart r2 boots from the saved configuration" ;; *) fail "after a restart r2 boots from the saved configuration" "$host" ;; esac
if wait_state "$R2" Active 20; then pass "restarted r2 is Active again (r1 still down)"; else fail "restarted r2 is Active again (r1 still down)" "$(cat "$WORK/last-standby")"; fi

# r1 comes back and, with `standby 1 preempt` and the higher priority, takes the gateway back.
compose start r1 >/dev/null 2>&1
R1=$(cid r1)
if wait_state "$R1" Active 30; then pass "r1 back: preempts to Active"; else fail "r1 back: preempts to Active" "$(cat "$WORK/last-standby")"; fi
out=$(podman exec "$CLIENT" ping -c 3 -i 0.2 -W 1 "$VIP" 2>&1)
case "$out" in *" 0% packet loss"*) pass "client pings the VIP after r1's return" ;; *) fail "client pings the VIP after r1's return" "$out" ;; esac

if [ "$failed" -gt 0 ]; then
  for c in r1 r2; do say "# --- logs of $c"; compose logs --no-color --tail 40 "$c" 2>&1 | sed 's/^/    /'; done
fi
say "# test-container.sh took $(($(date +%s) - started_at)) s"
summary
[ "$failed" -eq 0 ]
