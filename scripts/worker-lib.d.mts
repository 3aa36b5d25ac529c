// Types for scripts/worker-lib.mjs, so TypeScript tools (bench/soak.ts) import it directly.
export interface DevToken {
  id: string;
  token: string;
  role: 'clerk' | 'county' | 'admin';
  township: string | null;
  label: string;
}
export const root: string;
export const wranglerEnv: NodeJS.ProcessEnv;
export function wrangler(args: string[], options?: { quiet?: boolean }): string;
export function executeSql(sql: string, options?: { remote?: boolean }): string;
export function applyMigrations(options?: { remote?: boolean }): string;
export function sqlString(value: unknown): string;
export function generateToken(): string;
export function hashToken(token: string): string;
export function newToken(options: { role: string; township?: string | null; label: string }): DevToken;
export function tokenSql(token: DevToken, createdBy?: string): string;
export function criteriaSeedSql(document: unknown, author?: string): string;
export function shippedCriteria(profile?: string): Record<string, unknown>;
export function parseArgs(argv: string[]): Record<string, string | true>;
export function wranglerLive(args: string[]): import('node:child_process').ChildProcess;
export function signalGroup(child: import('node:child_process').ChildProcess, signal: NodeJS.Signals): boolean;
