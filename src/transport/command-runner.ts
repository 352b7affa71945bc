/**
 * Commands run without a terminal: an SSH exec request (`ssh admin@r1 show standby brief`) and
 * `vipr cli -c …`. They go through a real CliSession (same grammar, privilege checks, filters, and
 * configuration modes carry over from one command to the next) that echoes nothing and never pages;
 * the prompt the session prints after each command is how the runner knows the command is complete,
 * and is cut from the output. Output that does not end with the prompt is a question (`Destination
 * filename [startup-config]?`, `[confirm]`) waiting for an answer.
 */
import type { CliSession, SessionLine } from '../cli/session.js';
import { openSession, type CliHost } from './host.js';

export interface CommandStep {
  /** What the command printed, the trailing prompt removed. */
  readonly output: string;
  /** true: the command finished (the session is back at a prompt, or has ended). */
  readonly done: boolean;
}

export class CommandRunner {
  readonly session: CliSession;
  private pending = '';

  constructor(host: CliHost, options: { readonly line: SessionLine; readonly privilege: number; readonly crlf: boolean; readonly onClose?: () => void }) {
    this.session = openSession(host, {
      line: options.line,
      privilege: options.privilege,
      echo: false,
      crlf: options.crlf,
      monitor: false,
      terminalLength: 0,
      terminalWidth: 0,
      output: (b) => {
        this.pending += Buffer.from(b).toString('latin1');
      },
      ...(options.onClose !== undefined ? { onClose: options.onClose } : {}),
    });
  }

  /**
   * Runs one command line (the session answers synchronously). It ends with LF rather than CR: the
   * session takes a LF right after a CR as the second half of one CR LF, which would swallow an
   * answer that arrives as a bare LF (`echo | ssh r1 copy running-config startup-config`).
   */
  run(command: string): CommandStep {
    return this.feed(`${command.replace(/[\r\n]+/g, ' ')}\n`);
  }

  /** Passes raw input (the answer to a question, or stdin of an exec request) to the session. */
  feed(bytes: Uint8Array | string): CommandStep {
    this.session.input(bytes);
    const text = this.pending;
    this.pending = '';
    if (this.session.closed) return { output: text, done: true };
    const prompt = this.session.prompt;
    if (text.endsWith(prompt)) return { output: text.slice(0, text.length - prompt.length), done: true };
    return { output: text, done: false };
  }

  close(): void {
    this.session.close();
  }
}

/**
 * Runs commands one after the other in one session; a question is answered with Enter (IOS's
 * default: `[startup-config]`, `[confirm]`) at most `maxAnswers` times, then abandoned with Ctrl-C.
 */
export function runCommands(runner: CommandRunner, commands: readonly string[], write: (text: string) => void, maxAnswers = 3): void {
  for (const command of commands) {
    if (runner.session.closed) return;
    let step = runner.run(command);
    write(step.output);
    for (let i = 0; !step.done && i < maxAnswers; i++) {
      step = runner.feed('\n');
      write(step.output);
    }
    if (!step.done) write(runner.feed('\x03').output);
  }
}
