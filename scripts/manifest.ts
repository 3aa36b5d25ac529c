/**
 * `npm run manifest -- --url https://roster.example.gov.cn [--out manifest.xml] [--version 1.0.0.0]`
 * Writes the add-in's XML manifest for the origin the pane is served from, validates it against
 * Microsoft's XSDs offline, and (re)draws the icons into addin/pane/static/assets/ (copied to
 * dist/public/assets/ by the pane build). Without --url: https://localhost:8787 (npm start).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_URL, manifestXml } from '../addin/manifest/index';
import { ICON_SIZES, iconFile, iconPng } from '../addin/manifest/icons';
import { validateManifest } from '../addin/manifest/validate';

function parse(argv: string[]): { url: string; out: string; version?: string } {
  const options: { url: string; out: string; version?: string } = { url: DEFAULT_URL, out: 'manifest.xml' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (!v) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--url') options.url = value();
    else if (flag === '--out') options.out = value();
    else if (flag === '--version') options.version = value();
    else throw new Error(`unknown argument ${argv[i]} (use --url https://…, --out FILE, --version 1.0.0.0)`);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const xml = manifestXml({ url: options.url, version: options.version });
  const check = await validateManifest(xml);
  if (!check.valid) throw new Error(`manifest does not validate:\n${check.errors.join('\n')}`);
  writeFileSync(options.out, xml);
  const assets = join('addin', 'pane', 'static', 'assets');
  mkdirSync(assets, { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(assets, iconFile(size)), iconPng(size));
  console.log(`wrote ${options.out} for ${options.url} (valid against the Office add-in XSDs) and ${ICON_SIZES.length} icons in ${assets}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
