/** The criteria ETag: the version number identifies the document, since versions are immutable. */
export function criteriaEtag(version: number): string {
  return `"criteria-v${version}"`;
}

/** The version an ETag names (weak or strong), or null for anything else. */
export function versionFromEtag(etag: string): number | null {
  const match = /^(?:W\/)?"criteria-v(\d+)"$/.exec(etag.trim());
  return match ? Number(match[1]) : null;
}

/** True when an If-None-Match header (a list, or `*`) names this ETag. */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const strong = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === strong);
}
