/**
 * Smaller system commands automation reads (ecosystem §5): `show hosts` (NAPALM's get_facts reads
 * the default domain from it), `dir` (NAPALM finds the file system from `Directory of X:/`; the
 * layout is IOS's, as ntc-templates' cisco_ios_dir parses it), `show archive` (no archive is
 * configured in vipr, which IOS says as ` Archive feature not enabled`), `show key chain`.
 */
import type { KeyChain, RouterConfig } from '../../model/types.js';
import { revealPassword } from '../../model/passwords.js';
import { keyValid } from '../../protocols/hsrp/auth.js';
import { NVRAM_BYTES } from './show-running-config.js';

/** `ip host NAME [PORT] ADDR...` and `ip name-server ADDR...` lines the model keeps verbatim. */
function verbatimArgs(config: RouterConfig, prefix: string): string[][] {
  return config.verbatim.filter((l) => l.startsWith(`${prefix} `)).map((l) => l.slice(prefix.length + 1).trim().split(/\s+/));
}

export function renderShowHosts(config: RouterConfig): string {
  const servers = verbatimArgs(config, 'ip name-server').flat();
  const hosts = verbatimArgs(config, 'ip host');
  const lines = [
    `Default domain is ${config.ipDomainName ?? 'not set'}`,
    `Name/address lookup uses ${config.ipDomainLookup ? 'domain service' : 'static mappings'}`,
    ...(config.ipDomainLookup ? [`Name servers are ${servers.length > 0 ? servers.join(', ') : '255.255.255.255'}`] : []),
    '',
    'Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate',
    '       temp - temporary, perm - permanent',
    '       NA - Not Applicable None - Not defined',
    '',
    'Host                      Port  Flags      Age Type   Address(es)',
    ...hosts.map(([name = '', ...rest]) => {
      const port = rest[0] !== undefined && /^\d+$/.test(rest[0]) ? (rest.shift() as string) : 'None';
      return `${name.padEnd(26)}${port.padEnd(6)}(perm, OK)  0   IP    ${rest.join(' ')}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}

export function renderDir(fileSystem: string, startup: string | undefined): string {
  const rows =
    startup === undefined ? [] : [`${'1'.padStart(5)}  -rw-${String(Buffer.byteLength(startup)).padStart(17)}  ${'<no date>'.padStart(27)}  startup-config`];
  const used = startup === undefined ? 0 : Buffer.byteLength(startup);
  const body = rows.length > 0 ? rows : ['No files in directory'];
  return `${[`Directory of ${fileSystem}/`, '', ...body, '', `${NVRAM_BYTES} bytes total (${NVRAM_BYTES - used} bytes free)`].join('\n')}\n`;
}

export function renderShowArchive(): string {
  return ' Archive feature not enabled\n';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `accept-lifetime 00:00:00 Jan 1 2024 infinite` → `(00:00:00 UTC Jan 1 2024) - (infinite)`. */
function lifetime(line: string | undefined): string {
  if (line === undefined) return '(always valid) - (always valid)';
  const w = line.trim().split(/\s+/).slice(1);
  const time = (words: readonly string[]): string => {
    const [t = '', a = '', b = '', y = ''] = words;
    const monthWord = /^\d+$/.test(a) ? b : a;
    const day = /^\d+$/.test(a) ? a : b;
    const m = MONTHS.find((x) => monthWord.toLowerCase().startsWith(x.toLowerCase())) ?? monthWord;
    return `${t} UTC ${m} ${day} ${y}`;
  };
  const start = time(w.slice(0, 4));
  const rest = w.slice(4);
  const end = rest[0] === undefined || rest[0] === 'infinite' ? 'infinite' : rest[0] === 'duration' ? `${rest[1] ?? '0'} seconds` : time(rest);
  return `(${start}) - (${end})`;
}

export function renderShowKeyChain(chains: readonly KeyChain[], nowMs: number): string {
  const lines = chains.flatMap((c) => [
    `Key-chain ${c.name}:`,
    ...c.keys.flatMap((k) => {
      const valid = (use: 'accept' | 'send'): string => (keyValid(k, use, nowMs) ? ' [valid now]' : '');
      return [
        `    key ${k.id} -- text "${k.keyString !== undefined ? revealPassword(k.keyString) : ''}"`,
        `        accept lifetime ${lifetime(k.verbatim.find((v) => v.startsWith('accept-lifetime')))}${valid('accept')}`,
        `        send lifetime ${lifetime(k.verbatim.find((v) => v.startsWith('send-lifetime')))}${valid('send')}`,
      ];
    }),
  ]);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
