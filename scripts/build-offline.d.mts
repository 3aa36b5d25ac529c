/** Types of scripts/build-offline.mjs for the TypeScript callers (tests, bench). */
export declare function buildOffline(options?: { outdir?: string; quiet?: boolean; root?: string }): Promise<{ path: string; gzKb: number }>;
