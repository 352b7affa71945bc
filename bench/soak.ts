/**
 * Issue 9, soak: two `vipr run` routers (compiled: `npm run build` first) in network namespaces with
 * 500 groups on one LAN (400 HSRPv2, 100 VRRPv3, default timers, each router Active/Master of half)
 * for an hour (or argv[2] seconds). Every minute: each router's resident memory (VmRSS) and CPU time.
 * Figures: memory growth from the first sample, a minute after the elections (the heap's warm-up
 * is not a leak), to the last (goal < 10 %), CPU share, and state changes after the elections (goal 0).
 * Run as root: npx tsx bench/soak.ts [seconds]
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsLab, sweepStaleNamespaces } from '../test/support/netns.js';
import { REPO_ROOT } from '../test/support/tshark.js';

const SECONDS = Number(process.argv[2] ?? 3600);
if (!Number.isFinite(SECONDS) || SECONDS <= 0) throw new Error(`seconds: a positive number, not ${process.argv[2]}`);
const HSRP_GROUPS = 400;
const VRRP_GROUPS = 100;
const SAMPLE_MS = 60_000;

function config(name: string, me: number): string {
  const lines = [`hostname ${name}`, 'fhrp version vrrp v3', 'interface GigabitEthernet0/1', ` ip address 10.0.0.${me} 255.0.0.0`, ' standby version 2'];
  for (let g = 1; g <= HSRP_GROUPS; g++) {
    // Each router leads half of the groups.
    const leads = (g % 2 === 1) === (me === 2);
    lines.push(` standby ${g} ip 10.${1 + (g >> 8)}.${g & 255}.1`, ` standby ${g} priority ${leads ? 110 : 100}`, ` standby ${g} preempt`);
  }
  for (let g = 1; g <= VRRP_GROUPS; g++) {
    const leads = (g % 2 === 1) === (me === 2);
    lines.push(` vrrp ${g} address-family ipv4`, `  address 10.9.${g}.1 primary`, `  priority ${leads ? 110 : 100}`, '  exit-vrrp');
  }
  return `${lines.join('\n')}\n!\nend\n`;
}

function procStat(pid: number): { cpuMs: number; rssKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpuMs: ticks * 10, rssKb: Number(rss) };
}

sweepStaleNamespaces();
const lab = new NetnsLab('soak');
const dir = mkdtempSync(join(tmpdir(), 'vipr-soak-'));
const routers: { name: string; pid: number; out: string[] }[] = [];
const stateChanges = (r: (typeof routers)[number]): number => r.out.join('').split('\n').filter((l) => /STATECHANGE|%VRRP-6-STATE:/.test(l)).length;
try {
  const sw = lab.namespace('sw');
  const ports: string[] = [];
  for (const [i, name] of ['R1', 'R2'].entries()) {
    const ns = lab.namespace(name.toLowerCase());
    lab.veth(ns, 'eth1', sw, `p${i + 1}`);
    ports.push(`p${i + 1}`);
    const cfg = join(dir, `${name}.cfg`);
    writeFileSync(cfg, config(name, i + 1));
    const child = lab.spawn(ns, process.execPath, [join(REPO_ROOT, 'bin/vipr.js'), 'run', '--config', cfg, '--state', join(dir, `${name}.state`), '--socket', join(dir, `${name}.sock`), '--ssh-port', '0']);
    const out: string[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b.toString('utf8')));
    child.stderr?.on('data', (b: Buffer) => out.push(b.toString('utf8')));
    routers.push({ name, pid: child.pid!, out });
  }
  lab.bridge(sw, 'br0', ports);
  // Elections: default HSRP timers (10 s hold, Speak then Standby) take about 30 s; wait until quiet.
  let last = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 15_000));
    const now = routers.reduce((n, r) => n + stateChanges(r), 0);
    if (now === last) break;
    last = now;
  }
  const changesAtElections = routers.map((r) => stateChanges(r));
  console.log(`elected: ${routers.map((r, i) => `${r.name} ${changesAtElections[i]} state changes, ${Math.round(procStat(r.pid).rssKb / 1024)} MB`).join('; ')}`);
  await new Promise((r) => setTimeout(r, SAMPLE_MS));
  const settled = routers.map((r, i) => ({ changes: changesAtElections[i]!, ...procStat(r.pid) }));
  console.log(`baseline, a minute later: ${routers.map((r, i) => `${r.name} ${Math.round(settled[i]!.rssKb / 1024)} MB`).join('; ')}`);
  const started = Date.now();
  while (Date.now() - started < SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, Math.min(SAMPLE_MS, SECONDS * 1000 - (Date.now() - started))));
    const t = Math.round((Date.now() - started) / 1000);
    console.log(`${t} s: ${routers.map((r) => `${r.name} ${Math.round(procStat(r.pid).rssKb / 1024)} MB`).join(', ')}`);
  }
  const elapsed = (Date.now() - started) / 1000;
  console.log(`\n${HSRP_GROUPS} HSRPv2 + ${VRRP_GROUPS} VRRPv3 groups, ${Math.round(elapsed)} s after the elections`);
  console.log('router  RSS baseline -> end (growth)   CPU share   state changes after the elections');
  let ok = true;
  routers.forEach((r, i) => {
    const end = procStat(r.pid);
    const s = settled[i]!;
    const growth = ((end.rssKb - s.rssKb) / s.rssKb) * 100;
    const changes = stateChanges(r) - s.changes;
    ok &&= growth < 10 && changes === 0;
    console.log(`${r.name.padEnd(7)} ${(s.rssKb / 1024).toFixed(1)} -> ${(end.rssKb / 1024).toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %)   ${((end.cpuMs - s.cpuMs) / 10 / elapsed).toFixed(2)} %   ${changes}`);
  });
  console.log(ok ? 'goals met: growth < 10 %, no state change' : 'GOALS NOT MET');
  process.exitCode = ok ? 0 : 1;
} finally {
  await lab.cleanup();
  rmSync(dir, { recursive: true, force: true });
}
