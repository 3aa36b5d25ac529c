import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON_SIZES, iconFile, iconPng } from './icons';
import { DEFAULT_URL, manifestXml } from './index';
import { validateManifest } from './validate';

const root = join(import.meta.dirname, '..', '..');

describe('manifest.xml', () => {
  it('is the generated manifest for the development origin, and valid against the XSDs', async () => {
    const committed = readFileSync(join(root, 'manifest.xml'), 'utf8');
    expect(committed).toBe(manifestXml({ url: DEFAULT_URL }));
    expect(await validateManifest(committed)).toEqual({ valid: true, errors: [] });
  });

  it.each(['https://roster.example.gov.cn', 'https://10.0.0.5:8443/roster/', 'https://a.example/x?y=1&z=2'])(
    'validates for %s',
    async (url) => {
      const xml = manifestXml({ url, version: '2.3.0.1' });
      expect(await validateManifest(xml)).toEqual({ valid: true, errors: [] });
    },
  );

  it('declares what Office needs: Workbook host, ExcelApi 1.9, zh-CN with en-US, a Home-tab group that shows the pane', () => {
    const xml = manifestXml({ url: 'https://roster.example.gov.cn' });
    expect(xml).toContain('xsi:type="TaskPaneApp"');
    expect(xml).toContain('<DefaultLocale>zh-CN</DefaultLocale>');
    expect(xml).toMatch(/<DisplayName DefaultValue="花名册校验">\s*<Override Locale="en-US" Value="Roster Check"\/>/);
    expect(xml).toContain('<Host Name="Workbook"/>');
    expect(xml).toContain('<Set Name="ExcelApi" MinVersion="1.9"/>');
    expect(xml).toContain('<OfficeTab id="TabHome">');
    expect(xml).toContain('<Action xsi:type="ShowTaskpane">');
    expect(xml).toContain('<bt:Image id="Icon.80x80" DefaultValue="https://roster.example.gov.cn/assets/icon-80.png"/>');
    expect(xml).toContain('<SourceLocation DefaultValue="https://roster.example.gov.cn/index.html"/>');
  });

  it('refuses an origin Office cannot load a pane from', () => {
    expect(() => manifestXml({ url: 'http://roster.example.gov.cn' })).toThrow(/https/);
    expect(() => manifestXml({ url: 'roster' })).toThrow(/not a URL/);
  });

  it('fails validation for a manifest Office would refuse', async () => {
    const broken = manifestXml({ url: DEFAULT_URL })
      .replace(/<Id>[^<]*<\/Id>\n/, '')
      .replace('<Set Name="ExcelApi" MinVersion="1.9"/>', '<Set Name="ExcelApi" MinVersion="one"/>');
    const result = await validateManifest(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Id|MinVersion/);
  });

  it('npm run manifest writes a valid manifest for the given origin', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'manifest.xml');
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/manifest.ts', '--url', 'https://county.example', '--out', out],
      { cwd: root, stdio: 'pipe' },
    );
    const xml = readFileSync(out, 'utf8');
    expect(xml).toContain('https://county.example/index.html');
    expect((await validateManifest(xml)).valid).toBe(true);
  });
});

describe('icons', () => {
  it.each(ICON_SIZES)('icon-%i.png is the drawn icon, a real PNG of that size', (size) => {
    const file = readFileSync(join(root, 'addin', 'pane', 'static', 'assets', iconFile(size)));
    expect(file.equals(iconPng(size))).toBe(true);
    expect(file.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(file.readUInt32BE(16)).toBe(size);
    expect(file.readUInt32BE(20)).toBe(size);
  });
});
