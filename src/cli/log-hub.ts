/**
 * The router's log sink as the CLI sees it (DESIGN D9): every message goes to the buffer
 * `show logging` prints and to every session that asked for live messages (`terminal monitor`, and
 * the console, which IOS logs to by default). The composition root gives it to the Router as its
 * LogSink.
 */
import { LogBuffer, type LogSink, type SyslogMessage } from '../runtime/syslog.js';
import type { LogFeed } from './cli-router.js';

export class LogHub implements LogSink, LogFeed {
  readonly buffer: LogBuffer;
  private readonly listeners = new Set<(m: SyslogMessage) => void>();

  constructor(limit = 4096) {
    this.buffer = new LogBuffer(limit);
  }

  log(message: SyslogMessage): void {
    this.buffer.log(message);
    for (const l of [...this.listeners]) l(message);
  }

  subscribe(listener: (m: SyslogMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
