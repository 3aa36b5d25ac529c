// Types for scripts/backup.mjs (used by bench/soak.test.ts's restore drill).
export function exportDatabase(options?: { output?: string; config?: string; remote?: boolean }): string;
