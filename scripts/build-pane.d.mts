/** Types of scripts/build-pane.mjs for the TypeScript callers (tests, bench). */
export declare const PANE_CSP: string;
export declare function buildPane(options?: { root?: string; outdir?: string; minify?: boolean; quiet?: boolean }): Promise<{
  paneGzKb: number;
  htmlCssGzKb: number;
  engineGzKb: number;
  countyGzKb: number;
}>;
