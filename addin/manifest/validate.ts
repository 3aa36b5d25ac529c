/**
 * Offline validation of a manifest against Microsoft's XSDs (copied in ./schemas from
 * ../shared/schemas/office-addin-manifest) with xmllint-wasm: libxml2 compiled to WebAssembly,
 * an npm package, so a fresh machine needs no apt package and no network
 * (`office-addin-manifest validate` calls Microsoft's online service).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

const SCHEMAS = fileURLToPath(new URL('./schemas/', import.meta.url));
const MAIN = 'OfficeAppManifestV1_1.xsd';

export interface ManifestValidation {
  valid: boolean;
  errors: string[];
}

export async function validateManifest(xml: string): Promise<ManifestValidation> {
  const files = readdirSync(SCHEMAS).filter((f) => f.endsWith('.xsd'));
  const load = (f: string) => ({ fileName: f, contents: readFileSync(SCHEMAS + f, 'utf8') });
  const result = await validateXML({
    xml: [{ fileName: 'manifest.xml', contents: xml }],
    schema: [load(MAIN)],
    preload: files.filter((f) => f !== MAIN).map(load),
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}
