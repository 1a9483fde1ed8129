/** Structured logging: pino behind a small interface, JSON lines on stderr (or a given stream), filtered by level. */
import pino, { type DestinationStream } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
type Fields = Record<string, unknown>;
/** Anything with `write(line)`: a file, a stream, or a test's collector. */
export type LogDestination = DestinationStream;

export type Logger = {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  child(bindings: Fields): Logger;
};

/**
 * `destination` defaults to stderr, written synchronously so the last lines before `process.exit` are never lost;
 * tests pass a stream to read the lines back.
 */
export function createLogger(level: LogLevel, bindings: Fields = {}, destination?: LogDestination): Logger {
  const root = pino(
    {
      level,
      // `{"time":"2026-…Z","level":"info","msg":…}`: readable by a person and by any log shipper; no pid/hostname
      // (one process per container in services mode, and the orchestrator adds where a line came from).
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ fd: 2, sync: true }),
  );
  return wrap(root, bindings);
}

// Bindings are merged here rather than with pino's child(), so a key bound twice (`service`) appears once per line.
function wrap(root: pino.Logger, bindings: Fields): Logger {
  // Apollo passes Error objects or strings where we pass messages; both end up readable.
  const write = (at: Exclude<LogLevel, 'silent'>) => (message: unknown, fields?: Fields) => {
    if (!root.isLevelEnabled(at)) return;
    const text = message instanceof Error ? (message.stack ?? message.message) : String(message);
    root[at]({ ...bindings, ...fields }, text);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => wrap(root, { ...bindings, ...more }),
  };
}
