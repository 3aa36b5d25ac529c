import { encodeValue, type TableStore } from './tables';

/**
 * Moving a county's data between hosts (D1 ⇄ SQLite ⇄ PostgreSQL): every application table, row
 * by row, as JSON Lines — a header line, then one line per row. Both ends must be at the same
 * migration (upgrade the older one first); the target must be empty. The ID_HMAC_KEY and the
 * person-ID algorithm move with the county: without the same key the HMACs of later periods
 * would not match the moved ones.
 */

export const FORMAT = 'roster-check-data';

export interface ExportHeader {
  format: typeof FORMAT;
  version: 1;
  exportedAt: string;
  migrations: string[];
  tables: string[];
}

export interface ExportedData {
  header: ExportHeader;
  tables: { table: string; rows: Record<string, unknown>[] }[];
}

export class TransferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferError';
  }
}

/** Reads every application table of a database. `fromWorker`: the source is D1 (always HMAC-SHA256). */
export async function exportData(store: TableStore, options: { fromWorker?: boolean } = {}): Promise<ExportedData> {
  const names = await store.tables();
  const tables = [];
  for (const table of names) tables.push({ table, rows: await store.rows(table) });
  const settings = tables.find((t) => t.table === 'deployment_settings');
  if (options.fromWorker && settings && !settings.rows.some((row) => row.key === 'id_hmac_algorithm')) {
    // The Worker keys IDs with HMAC-SHA256 and never records it; the data must say so when it moves.
    settings.rows.push({ key: 'id_hmac_algorithm', value: 'HMAC-SHA256', created_at: new Date().toISOString() });
  }
  return {
    header: { format: FORMAT, version: 1, exportedAt: new Date().toISOString(), migrations: await store.migrations(), tables: names },
    tables,
  };
}

export function toJsonLines(data: ExportedData): string {
  const lines = [JSON.stringify(data.header)];
  for (const { table, rows } of data.tables) {
    for (const row of rows) lines.push(JSON.stringify({ t: table, r: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, encodeValue(v)])) }));
  }
  return `${lines.join('\n')}\n`;
}

export function fromJsonLines(text: string): ExportedData {
  const lines = text.split('\n').filter((line) => line.trim());
  const header = JSON.parse(lines[0] ?? '{}') as ExportHeader;
  if (header.format !== FORMAT || header.version !== 1) throw new TransferError('not a roster-check data export (first line)');
  const byTable = new Map(header.tables.map((table) => [table, [] as Record<string, unknown>[]]));
  for (let i = 1; i < lines.length; i++) {
    const { t, r } = JSON.parse(lines[i]) as { t: string; r: Record<string, unknown> };
    const rows = byTable.get(t);
    if (!rows) throw new TransferError(`line ${i + 1}: table ${t} is not in the header`);
    rows.push(r);
  }
  return { header, tables: [...byTable].map(([table, rows]) => ({ table, rows })) };
}

/**
 * Writes exported data into a migrated, empty database. `toWorker`: the target is D1, which can
 * only key IDs with HMAC-SHA256.
 */
export async function importData(store: TableStore, data: ExportedData, options: { toWorker?: boolean } = {}): Promise<number> {
  const migrations = await store.migrations();
  if (migrations.join() !== data.header.migrations.join()) {
    throw new TransferError(
      `the target has migrations [${migrations.join(', ')}], the export [${data.header.migrations.join(', ')}]: bring both to the same version first`,
    );
  }
  const tables = await store.tables();
  for (const { table } of data.tables) {
    if (!tables.includes(table)) throw new TransferError(`the target has no table ${table}`);
    if ((await store.rows(table)).length > 0) throw new TransferError(`the target's ${table} is not empty: import into a new database`);
  }
  const algorithm = data.tables.find((t) => t.table === 'deployment_settings')?.rows.find((row) => row.key === 'id_hmac_algorithm')?.value;
  if (options.toWorker && algorithm && algorithm !== 'HMAC-SHA256') {
    throw new TransferError(`the data's person IDs are keyed with ${String(algorithm)}; the Worker keys them with HMAC-SHA256 only`);
  }
  await store.write(data.tables);
  return data.tables.reduce((sum, t) => sum + t.rows.length, 0);
}
