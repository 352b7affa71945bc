/**
 * `show logging` in the layout of fixtures/ios-output/show_logging_1.txt: the status header (with
 * the levels the model configures and the counts vipr keeps), then `Log Buffer (N bytes):`, a blank
 * line and the buffered messages with their IOS timestamps (src/runtime/syslog.ts).
 */
import { LOGGING_LEVEL_NAMES, type RouterConfig } from '../../model/types.js';
import { formatSyslogLine, type SyslogMessage } from '../../runtime/syslog.js';


/** IOS's default buffer size when `logging buffered` gives none. */
const DEFAULT_BUFFER_BYTES = 8192;

export function renderShowLogging(config: RouterConfig, messages: readonly SyslogMessage[]): string {
  const n = messages.length;
  const lg = config.logging;
  const consoleLine =
    lg.console === 'off'
      ? ['    Console logging: disabled']
      : [`    Console logging: level ${LOGGING_LEVEL_NAMES[lg.console ?? 7]}, ${n} messages logged, xml disabled,`, '                     filtering disabled'];
  const bufferLine =
    lg.buffered === undefined
      ? [`    Buffer logging:  level debugging, ${n} messages logged, xml disabled,`, '                    filtering disabled']
      : [`    Buffer logging:  level ${LOGGING_LEVEL_NAMES[lg.buffered.level ?? 7]}, ${n} messages logged, xml disabled,`, '                    filtering disabled'];
  const lines = [
    'Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)',
    '',
    'No Active Message Discriminator.',
    '',
    '',
    '',
    'No Inactive Message Discriminator.',
    '',
    '',
    ...consoleLine,
    `    Monitor logging: level debugging, ${n} messages logged, xml disabled,`,
    '                     filtering disabled',
    ...bufferLine,
    '    Exception Logging: size (4096 bytes)',
    '    Count and timestamp logging messages: disabled',
    '    Persistent logging: disabled',
    '',
    'No active filter modules.',
    '',
    `    Trap logging: level informational, ${n} message lines logged`,
    ...lg.hosts.map((h) => `        Logging to ${h}  (udp port 514, audit disabled,`),
    '',
    `Log Buffer (${lg.buffered?.size ?? DEFAULT_BUFFER_BYTES} bytes):`,
    '',
    ...messages.map((m) => formatSyslogLine(m)),
  ];
  return `${lines.join('\n')}\n`;
}
