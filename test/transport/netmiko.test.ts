import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SshServer } from '../../src/transport/ssh.js';
import { run } from './support/clients.js';
import { R1_CONFIG, routers, until, type TestRouters } from './support/host.js';

const DRIVER = fileURLToPath(new URL('./netmiko_driver.py', import.meta.url));

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

interface DriverResult {
  autodetect: string;
  connect_s: number;
  prompt: string;
  enable_prompt: string;
  standby_before: string;
  config: string;
  standby_after: string;
  filtered: string;
  save: string;
}

describe('Netmiko (Debian python3-netmiko, device_type cisco_ios)', () => {
  it('autodetect, find_prompt, enable, send_command, send_config_set moving the election live, save_config', async () => {
    const t: TestRouters = routers(`${R1_CONFIG}enable secret 0 s3cret
username netops password 0 netops
`);
    const server = await SshServer.start({ host: t.host, hostKeyDir: t.dir, port: 0, address: '127.0.0.1' });
    cleanup = async () => {
      await server.close();
      t.stop();
    };
    // R2 (priority 110) is Active, R1 Standby, before Netmiko arrives.
    await until(() => t.r1.hsrpSnapshot()[0]?.state === 'standby', 5000, 'the election');
    const r = await run('/usr/bin/python3', [DRIVER, '127.0.0.1', String(server.port), 'netops', 'netops', 's3cret'], { timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`netmiko driver failed (${r.code}):\n${r.stderr}\n${r.stdout}`);
    const out = JSON.parse(r.stdout) as DriverResult;
    console.log(`[measure] Netmiko ConnectHandler (connect, session preparation, prompt): ${(out.connect_s * 1000).toFixed(0)} ms`);
    expect(out.autodetect).toBe('cisco_ios');
    expect(out.prompt).toBe('R1>');
    expect(out.enable_prompt).toBe('R1#');
    expect(out.standby_before).toMatch(/Gi0\/1\s+1\s+100 P Standby 10\.0\.0\.3\s+local\s+10\.0\.0\.1/);
    expect(out.config).toContain('R1(config-if)#');
    expect(out.standby_after).toMatch(/Gi0\/1\s+1\s+120 P Active  local\s+10\.0\.0\.3\s+10\.0\.0\.1/);
    expect(t.r2.hsrpSnapshot()[0]?.state).toBe('standby');
    expect(out.filtered.trim()).toBe('standby 1 priority 120');
    expect(out.save).toContain('[OK]');
    expect(t.store.read()).toContain(' standby 1 priority 120');
  });
});
