/**
 * One JSON object per line on stdout: what journald, docker and the 政务云's log collectors keep
 * and index (等保 2.0 wants six months of them). Never given secrets: callers pass facts only.
 */
export type Log = (event: string, fields?: Record<string, unknown>) => void;

export function jsonLog(write: (line: string) => void = (line) => process.stdout.write(line)): Log {
  return function log(event, fields = {}) {
    write(`${JSON.stringify({ time: new Date().toISOString(), level: fields.level ?? 'info', event, ...fields })}\n`);
  };
}
