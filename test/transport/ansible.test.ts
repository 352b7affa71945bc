/**
 * Ansible `cisco.ios` (Debian's ansible 7.7: cisco.ios 4.6, ansible.netcommon 4.1) against a vipr
 * router over SSH, exactly as a network automation team would point it at an IOS box: network_cli
 * over paramiko, `enable` as become, ios_facts, ios_command with wait_for, ios_config with
 * save_when. The playbook (./ansible/playbook.yml) runs twice: the second run must change nothing,
 * which only holds if `show running-config` renders the pushed line exactly as IOS does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSystemInfo, viprVersion } from '../../src/cli/system-info.js';
import { SshServer } from '../../src/transport/ssh.js';
import { run } from './support/clients.js';
import { R1_CONFIG, routers, until, type TestRouters } from './support/host.js';

const PLAYBOOK = fileURLToPath(new URL('./ansible/playbook.yml', import.meta.url));
const PYTHON = '/usr/bin/python3';

/** Why the test cannot run here, or undefined when ansible-playbook, cisco.ios and paramiko are all present. */
function missing(): string | undefined {
  const which = spawnSync('sh', ['-c', 'command -v ansible-playbook'], { encoding: 'utf8' });
  if (which.status !== 0) return 'ansible-playbook is not installed (Debian package ansible)';
  const mods = spawnSync(PYTHON, ['-c', 'import ansible_collections.cisco.ios, ansible_collections.ansible.netcommon, ansible_collections.ansible.posix, paramiko'], {
    encoding: 'utf8',
  });
  if (mods.status !== 0) return `the cisco.ios / ansible.netcommon / ansible.posix collections or paramiko are missing: ${mods.stderr.trim().split('\n').at(-1) ?? ''}`;
  return undefined;
}

const MISSING = missing();
if (MISSING !== undefined) console.warn(`[skip] Ansible test: ${MISSING}`);

/** One host's result of one task, as the ansible.posix.json callback prints it. */
type TaskResult = Record<string, unknown> & { changed?: boolean; failed?: boolean; msg?: string };

interface PlaybookRun {
  readonly code: number | null;
  readonly ms: number;
  /** Task name → the host's result. */
  readonly tasks: Map<string, TaskResult>;
  /** Task name → wall time in ms. */
  readonly durations: Map<string, number>;
  readonly raw: string;
}

function parseRun(code: number | null, ms: number, stdout: string): PlaybookRun {
  // The json callback prints one document; anything before it (warnings) is not JSON.
  const start = stdout.indexOf('{');
  const doc = JSON.parse(stdout.slice(start)) as {
    plays: { tasks: { task: { name: string; duration: { start: string; end: string } }; hosts: Record<string, TaskResult> }[] }[];
  };
  const tasks = new Map<string, TaskResult>();
  const durations = new Map<string, number>();
  for (const play of doc.plays) {
    for (const t of play.tasks) {
      tasks.set(t.task.name, t.hosts['vipr'] ?? {});
      durations.set(t.task.name, Date.parse(t.task.duration.end) - Date.parse(t.task.duration.start));
    }
  }
  return { code, ms, tasks, durations, raw: stdout };
}

describe.skipIf(MISSING !== undefined)('Ansible cisco.ios (network_cli over paramiko) against vipr', () => {
  let t: TestRouters;
  let server: SshServer;
  let dir: string;

  beforeAll(async () => {
    t = routers(`${R1_CONFIG}enable secret 0 s3cret
username netops password 0 netops
interface GigabitEthernet0/1
 ipv6 address 2001:DB8:1::2/64
`);
    server = await SshServer.start({ host: t.host, hostKeyDir: t.dir, port: 0, address: '127.0.0.1' });
    dir = mkdtempSync(join(tmpdir(), 'vipr-ansible-'));
    writeFileSync(
      join(dir, 'inventory.yml'),
      `all:
  hosts:
    vipr:
      ansible_host: 127.0.0.1
      ansible_port: ${server.port}
      ansible_user: netops
      ansible_password: netops
      ansible_connection: ansible.netcommon.network_cli
      ansible_network_os: cisco.ios.ios
      ansible_network_cli_ssh_type: paramiko
      ansible_host_key_checking: false
      ansible_become: true
      ansible_become_method: enable
      ansible_become_password: s3cret
`,
    );
    // An empty ansible.cfg, so nothing on the machine (./ansible.cfg, ~/.ansible.cfg) changes the run.
    writeFileSync(join(dir, 'ansible.cfg'), '');
  });

  afterAll(async () => {
    await server?.close();
    t?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function playbook(stateBefore: string): Promise<PlaybookRun> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: dir,
      ANSIBLE_CONFIG: join(dir, 'ansible.cfg'),
      ANSIBLE_HOME: join(dir, 'home'),
      ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
      ANSIBLE_PERSISTENT_CONTROL_PATH_DIR: join(dir, 'pc'),
      ANSIBLE_STDOUT_CALLBACK: 'ansible.posix.json',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_HOST_KEY_CHECKING: 'False',
      ANSIBLE_PARAMIKO_RECORD_HOST_KEYS: 'False',
      ANSIBLE_PYTHON_INTERPRETER: PYTHON,
    };
    const r = await run('ansible-playbook', ['-i', join(dir, 'inventory.yml'), '-e', `state_before=${stateBefore}`, PLAYBOOK], { env, timeoutMs: 60_000 });
    if (!r.stdout.includes('{')) throw new Error(`ansible-playbook printed no result (${r.code}):\n${r.stderr}\n${r.stdout}`);
    return parseRun(r.code, r.ms, r.stdout);
  }

  it('ios_facts, ios_command wait_for, ios_config with save_when: modified, idempotent on a second run', async () => {
    // R2 (priority 110) is Active and R1 Standby before Ansible arrives.
    await until(() => t.r1.hsrpSnapshot()[0]?.state === 'standby', 5000, 'the election');

    const first = await playbook('Standby');
    console.log(`[measure] ansible-playbook, first run (facts, 3 commands, config push and save): ${first.ms.toFixed(0)} ms (${[...first.durations].map(([n, d]) => `${n} ${d}`).join(', ')})`);
    const failedTasks = [...first.tasks].filter(([name, r]) => r.failed === true && name !== 'rejected command');
    expect(failedTasks, first.raw).toEqual([]);
    expect(first.code).toBe(0);

    const facts = first.tasks.get('facts')?.['ansible_facts'] as Record<string, unknown>;
    expect(facts['ansible_net_hostname']).toBe('R1');
    expect(facts['ansible_net_system']).toBe('ios');
    expect(facts['ansible_net_iostype']).toBe('IOS');
    expect(facts['ansible_net_version']).toBe(viprVersion());
    expect(facts['ansible_net_model']).toBe('VIPR');
    expect(facts['ansible_net_serialnum']).toBe(defaultSystemInfo(0).serial);
    expect(facts['ansible_net_image']).toBe(`vipr:vipr-${viprVersion()}`);
    expect(facts['ansible_net_filesystems']).toEqual(['nvram:']);
    expect(facts['ansible_net_all_ipv4_addresses']).toEqual(['10.0.0.2', '192.0.2.1']);
    expect(facts['ansible_net_all_ipv6_addresses']).toEqual(['2001:DB8:1::2']);
    const ifs = facts['ansible_net_interfaces'] as Record<string, Record<string, unknown>>;
    // Only real interfaces: a rejected `show ip interface` used to become an interface named "show".
    expect(Object.keys(ifs).sort()).toEqual(['GigabitEthernet0/1', 'Loopback0']);
    expect(ifs['GigabitEthernet0/1']).toMatchObject({
      ipv4: [{ address: '10.0.0.2', subnet: '24' }],
      ipv6: [{ address: '2001:DB8:1::2', subnet: '2001:DB8:1::/64' }],
      mtu: 1500,
      bandwidth: 1000000,
      operstatus: 'up',
      lineprotocol: 'up',
    });
    expect(ifs['Loopback0']).toMatchObject({ ipv4: [{ address: '192.0.2.1', subnet: '32' }], mtu: 1514, operstatus: 'up' });
    expect(facts['ansible_net_config']).toMatch(/^hostname R1$/m);
    expect(facts['ansible_net_config']).toMatch(/^ standby 1 preempt$/m);

    const before = first.tasks.get('standby before') as { stdout: string[] };
    expect(before.stdout[0]).toMatch(/Gi0\/1\s+1\s+100 P Standby 10\.0\.0\.3\s+local\s+10\.0\.0\.1/);

    const push = first.tasks.get('priority 120') as TaskResult & { updates: string[] };
    expect(push.changed).toBe(true);
    expect(push.updates).toEqual(['interface GigabitEthernet0/1', 'standby 1 priority 120']);
    // save_when: modified copied the running-config to the startup-config.
    expect(t.store.read()).toContain('\n standby 1 priority 120\n');

    const after = first.tasks.get('standby after') as { stdout: string[] };
    expect(after.stdout[0]).toMatch(/Gi0\/1\s+1\s+120 P Active  local\s+10\.0\.0\.3\s+10\.0\.0\.1/);
    expect(t.r2.hsrpSnapshot()[0]?.state).toBe('standby');

    // IOS's error text is what Ansible's terminal plugin recognises as a failed command.
    const rejected = first.tasks.get('rejected command');
    expect(rejected?.failed).toBe(true);
    expect(String(rejected?.msg)).toContain('% Invalid input detected');

    const saved = t.store.read();
    const second = await playbook('Active');
    console.log(`[measure] ansible-playbook, second run: ${second.ms.toFixed(0)} ms`);
    const failedAgain = [...second.tasks].filter(([name, r]) => r.failed === true && name !== 'rejected command');
    expect(failedAgain, second.raw).toEqual([]);
    // Idempotent: the line is found in `show running-config` under its parent, nothing is pushed,
    // and running == startup so nothing is saved either.
    expect(second.tasks.get('priority 120')?.changed).toBe(false);
    expect(second.tasks.get('priority 120')?.['updates']).toBeUndefined();
    expect(t.store.read()).toBe(saved);
  });
});
