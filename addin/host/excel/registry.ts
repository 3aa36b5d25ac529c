/// <reference types="office-js" />
/**
 * What the add-in added to a workbook, remembered in the workbook's own settings (saved with the
 * file), so Clear removes exactly that — in this session or after the file is reopened.
 */

const KEY = 'rosterCheck.owned';

export interface Registry {
  /** Worksheets the add-in created (result, report and list sheets), by name. */
  sheets: string[];
  /** Workbook names the add-in defined. */
  names: string[];
  /** Drop-down validations the add-in put on template sheets. */
  validations: { sheet: string; address: string }[];
  /** Columns used so far on the hidden list sheet. */
  listColumns: number;
}

export const emptyRegistry = (): Registry => ({ sheets: [], names: [], validations: [], listColumns: 0 });

/** Queue the registry's load; read it with `registryOf` after the sync. */
export function loadRegistry(context: Excel.RequestContext): Excel.Setting {
  return context.workbook.settings.getItemOrNullObject(KEY).load('value');
}

export function registryOf(setting: Excel.Setting): Registry {
  if (setting.isNullObject) return emptyRegistry();
  const value = setting.value as Partial<Registry> | string | null;
  const parsed = typeof value === 'string' ? (JSON.parse(value) as Partial<Registry>) : (value ?? {});
  return { ...emptyRegistry(), ...parsed };
}

/** Queue the registry's save; an empty registry removes the setting (Clear leaves no trace). */
export function saveRegistry(context: Excel.RequestContext, registry: Registry, existing?: Excel.Setting): void {
  const empty = !registry.sheets.length && !registry.names.length && !registry.validations.length;
  if (empty) {
    if (existing && !existing.isNullObject) existing.delete();
    return;
  }
  context.workbook.settings.add(KEY, JSON.stringify(registry));
}

export function registryBytes(registry: Registry): number {
  return JSON.stringify(registry).length * 3;
}
