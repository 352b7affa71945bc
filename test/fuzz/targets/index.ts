/** Every fuzz target, in the order the long run (bench/fuzz.ts) goes through them. */
import type { FuzzTarget } from '../support/target.js';
import { cliTarget } from './cli.js';
import { dispatchTarget, frameTarget, hsrpCodecTarget, pcapTarget, vrrpCodecTarget, wireTarget } from './codecs.js';
import { configTarget, placementTarget } from './config.js';
import { engineTarget } from './engines.js';

export const TARGETS: readonly FuzzTarget<never>[] = [wireTarget, pcapTarget, hsrpCodecTarget, vrrpCodecTarget, frameTarget, dispatchTarget, configTarget, placementTarget, cliTarget, engineTarget] as unknown as readonly FuzzTarget<never>[];
