/**
 * Configuration text → model (DESIGN D1, D6): each line is parsed in the mode the previous lines
 * left the loader in; a line the mode does not know is tried in the enclosing modes (as IOS does, so
 * `interface Gi0/2` ends the stanza of Gi0/1); a rejected line is reported with its line, column and
 * IOS message and never stops the rest from loading.
 */
import { emptyConfig } from '../model/defaults.js';
import type { RouterConfig } from '../model/types.js';
import { applyCommand, CONFIG, parentContext, type ApplyOptions, type ApplyResult, type Context } from './apply.js';
import { parseLine, type ParseError, type ParseResult } from './grammar/parser.js';
import type { LineAst } from './grammar/ast.js';

export interface Diagnostic {
  /** 1-based */
  readonly line: number;
  /** 1-based column of the `^` */
  readonly column: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The line as written */
  readonly text: string;
}

export interface LoadResult {
  readonly config: RouterConfig;
  readonly diagnostics: readonly Diagnostic[];
}

export type LineOutcome =
  | (Extract<ApplyResult, { ok: true }> & { readonly ast: LineAst })
  | { readonly ok: false; readonly offset: number; readonly message: string; readonly kind: ParseError['kind'] | 'semantic' };

/**
 * Parses and applies one configuration line in a context, falling back to the enclosing modes.
 * The CLI calls this for each line typed at a `(config…)#` prompt.
 */
export function applyLine(config: RouterConfig, context: Context, line: string, opts: ApplyOptions = {}): LineOutcome {
  let first: ParseResult | undefined;
  let best: ParseError | undefined;
  for (let ctx: Context | undefined = context; ctx !== undefined; ctx = parentContext(ctx)) {
    const parsed = parseLine(ctx.mode, line);
    first ??= parsed;
    if (parsed.ok) {
      const r = applyCommand(config, ctx, parsed.ast, opts);
      if (!r.ok) return { ok: false, offset: r.offset, message: r.message, kind: 'semantic' };
      return withAst(r, parsed.ast);
    }
    if (!best || parsed.error.offset > best.offset) best = parsed.error;
  }
  const e = best ?? (first && !first.ok ? first.error : { kind: 'invalid' as const, offset: 0, message: '' });
  return { ok: false, offset: e.offset, message: e.message, kind: e.kind };
}

/**
 * `{ ...r, ast }`, written out: the loader calls this for every line, and a spread of results of
 * several shapes takes V8's slow path.
 */
function withAst(r: Extract<ApplyResult, { ok: true }>, ast: LineAst): LineOutcome {
  const { config, context, warnings } = r;
  if ('end' in r) return { ok: true, config, context, warnings, end: r.end, ast };
  if ('doLine' in r) return { ok: true, config, context, warnings, doLine: r.doLine, ast };
  return { ok: true, config, context, warnings, ast };
}

interface BannerStart {
  readonly delimiter: string;
  readonly body: string;
  readonly closed: boolean;
}

/** The delimiter and the text after it on the `banner` line (`^C` counts as one delimiter). */
export function bannerStart(text: string): BannerStart {
  const delimiter = text.startsWith('^C') ? '^C' : text.slice(0, 1);
  const after = text.slice(delimiter.length);
  const end = after.indexOf(delimiter);
  return end >= 0 ? { delimiter, body: after.slice(0, end), closed: true } : { delimiter, body: after, closed: false };
}

/** `line.trim() === '' || line.trim().startsWith('!')`, without a trimmed copy of every line. */
function isBlankOrComment(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c > 127) {
      const trimmed = line.trim();
      return trimmed === '' || trimmed.startsWith('!');
    }
    return c === 33;
  }
  return true;
}

/** Loads a whole configuration (a startup-config file). */
export function loadConfig(text: string, opts: ApplyOptions & { readonly base?: RouterConfig } = {}): LoadResult {
  const base = opts.base ?? emptyConfig();
  // The loader owns a private copy of the interfaces array and lets apply update it in place.
  let config: RouterConfig = { ...base, interfaces: base.interfaces.slice() };
  const fast = { ...opts, transient: true };
  let context: Context = CONFIG;
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (isBlankOrComment(line)) continue;
    const r = applyLine(config, context, line, fast);
    if (!r.ok) {
      diagnostics.push({ line: n + 1, column: r.offset + 1, severity: 'error', message: r.message, text: line });
      continue;
    }
    for (const w of r.warnings) diagnostics.push({ line: n + 1, column: w.offset + 1, severity: 'warning', message: w.message, text: line });
    config = r.config;
    context = r.context.mode === 'exec' ? CONFIG : r.context;
    const cmd = r.ast.cmd;
    if (cmd.k === 'banner' && r.ast.neg === undefined && cmd.text !== undefined) {
      const start = bannerStart(cmd.text);
      let body = start.body;
      if (!start.closed) {
        const parts = [body];
        let closed = false;
        while (!closed && n + 1 < lines.length) {
          n++;
          const l = (lines[n] ?? '').replace(/\r$/, '');
          const end = l.indexOf(start.delimiter);
          if (end >= 0) {
            parts.push(l.slice(0, end));
            closed = true;
          } else parts.push(l);
        }
        body = parts.join('\n');
      }
      config = { ...config, banners: { ...config.banners, [cmd.which]: body } };
    }
  }
  return { config, diagnostics };
}
