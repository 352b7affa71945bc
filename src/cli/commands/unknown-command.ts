/**
 * An unknown first word in EXEC (spec §6.9): IOS takes it for the name of a host to telnet to.
 * With `no ip domain-lookup` it prints `Translating "foo"` and gives up with `% Unknown command or
 * computer name, or unable to find computer address`; with lookup on (the IOS default) it first
 * asks the broadcast domain server, `Translating "foo"...domain server (255.255.255.255)`. vipr
 * has no resolver to ask, so the answer is the same after the same first line. Further words are
 * telnet options, which a word IOS did not expect there fails at, with the caret under it.
 */
import type { Token } from '../../config/grammar/token.js';
import type { RouterConfig } from '../../model/types.js';

export const MSG_UNKNOWN_HOST = '% Unknown command or computer name, or unable to find computer address';

export type UnknownOutcome = { readonly kind: 'translate'; readonly text: string } | { readonly kind: 'caret'; readonly offset: number };

export function unknownCommand(config: RouterConfig, tokens: readonly Token[]): UnknownOutcome {
  const [first, second] = tokens;
  if (second !== undefined) return { kind: 'caret', offset: second.offset };
  const name = first?.value ?? '';
  const lookup = config.ipDomainLookup ? '...domain server (255.255.255.255)' : '';
  // IOS prints the name lower-cased, as a host name.
  return { kind: 'translate', text: `Translating "${name.toLowerCase()}"${lookup}\n${MSG_UNKNOWN_HOST}\n` };
}
