/**
 * IOS prompts (spec §6.9, ecosystem §5): `R1>` in user EXEC, `R1#` in privileged EXEC, and
 * `R1(config…)#` in the configuration modes. In the configuration modes IOS cuts the hostname to
 * its first 20 characters (`THIS.IS.A.PARTICULAR(config)#` for `THIS.IS.A.PARTICULARLY.LONG`,
 * Netmiko issues #210, #1786, #2755: the reason Netmiko keeps only 16 characters as base prompt);
 * the EXEC prompts show it whole.
 */
import type { Context } from '../config/apply.js';

/** Characters of the hostname a configuration-mode prompt keeps. */
export const CONFIG_PROMPT_HOSTNAME_MAX = 20;

export function promptFor(hostname: string, privilege: number, context: Context): string {
  if (context.mode === 'exec') return `${hostname}${privilege >= 15 ? '#' : '>'}`;
  return `${hostname.slice(0, CONFIG_PROMPT_HOSTNAME_MAX)}(${context.mode})#`;
}
