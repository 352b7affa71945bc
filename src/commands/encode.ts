import { writeFile } from 'node:fs/promises';
import { writePcap, type PcapWriteFrame } from '../net/pcap.js';
import { CommandExit, parseCommandArgs, readCommandFile, singleFile, type Command } from './command.js';
import { encodeRecord, parseCaptureTime, type FrameRecord } from './frame-record.js';

/**
 * `vipr encode FILE.jsonl -o OUT.pcap [--key K]`: crafts frames from the JSON that `vipr decode --json`
 * writes. Lines may leave out what the protocol fixes (addresses, ports, TTL, lengths, checksums).
 */
export const encodeCommand: Command = {
  name: 'encode',
  usage: 'encode FILE.jsonl -o OUT.pcap [--key K]',
  summary: 'craft frames from decode --json lines',
  async run(args, io) {
    const parsed = parseCommandArgs(this, args, { output: { type: 'string', short: 'o' }, key: { type: 'string' } });
    const file = singleFile(this, parsed.positionals);
    const output = parsed.values.output;
    if (output === undefined) throw new CommandExit(2, `usage: vipr ${this.usage}`);
    const text = (await readCommandFile(this, file)).toString('utf8');
    const frames: PcapWriteFrame[] = [];
    let failed = 0;
    let nano = false;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const record = JSON.parse(line) as FrameRecord;
        if (typeof record !== 'object' || record === null) throw new TypeError('each line must be a JSON object');
        const data = encodeRecord(record, parsed.values.key);
        const when = record.time === undefined ? { seconds: 0, nanos: 0 } : parseCaptureTime(record.time);
        if (when === undefined) throw new TypeError(`time '${record.time}' is not an ISO 8601 UTC time`);
        if (when.nanos % 1000 !== 0) nano = true;
        frames.push({
          ...when,
          data,
          ...(record.originalLength !== undefined ? { originalLength: Math.max(record.originalLength, data.length) } : {}),
          ...(record.linkType !== undefined ? { linkType: record.linkType } : {}),
        });
      } catch (e) {
        failed++;
        io.stderr.write(`${file}:${i + 1}: ${(e as Error).message}\n`);
      }
    });
    if (failed > 0) return 1;
    await writeFile(output, writePcap(frames, { resolution: nano ? 'nano' : 'micro' }));
    io.stderr.write(`${frames.length} frame${frames.length === 1 ? '' : 's'} written to ${output}\n`);
    return 0;
  },
};
