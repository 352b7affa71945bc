import { writeFile } from 'node:fs/promises';
import { writePcap } from '../net/pcap.js';
import { parseScenario, ScenarioError } from '../sim/scenario.js';
import { runScenario, SIM_EPOCH_MS } from '../sim/simulator.js';
import { parseCommandArgs, readCommandFile, singleFile, type Command } from './command.js';

/** `vipr sim FILE.yaml [--pcap OUT.pcap]`: a lab in virtual time (src/sim). */
export const simCommand: Command = {
  name: 'sim',
  usage: 'sim FILE.yaml [--pcap OUT.pcap]',
  summary: 'run routers and a timeline of events in virtual time',
  async run(args, io) {
    const parsed = parseCommandArgs(this, args, { pcap: { type: 'string' } });
    const file = singleFile(this, parsed.positionals);
    const text = (await readCommandFile(this, file)).toString('utf8');
    let scenario;
    try {
      scenario = parseScenario(text);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      io.stderr.write(`vipr sim: ${file}: ${e.message}\n`);
      return 1;
    }
    const out = runScenario(scenario, { keepFrames: parsed.values.pcap !== undefined });
    io.stdout.write(out.lines.length > 0 ? `${out.lines.join('\n')}\n` : '');
    if (parsed.values.pcap !== undefined) {
      // Virtual time 0 is written as the epoch of the simulated routers' clocks (1 March).
      const frames = out.frames.map((f) => ({ seconds: Math.floor(f.atMs / 1000), nanos: (f.atMs % 1000) * 1_000_000, data: f.frame }));
      await writeFile(parsed.values.pcap, writePcap(frames));
      io.stderr.write(`${frames.length} frames written to ${parsed.values.pcap} (time 0 = ${new Date(SIM_EPOCH_MS).toISOString()})\n`);
    }
    return 0;
  },
};
