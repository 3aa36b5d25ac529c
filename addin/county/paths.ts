/**
 * Criteria documents as flat maps of leaves, so two versions can be compared and an officer's
 * edits re-applied on top of someone else's version. Arrays of named things (townships, rules,
 * indicators, fields, risk levels) are keyed by their name rather than their position: a township
 * added in the middle does not make every later one "changed".
 *
 * A path is a list of segments: an object key, or `{ by, id }` for the element of a keyed array
 * whose `by` property equals `id`.
 */
export type Segment = string | { by: string; id: string | number };
export type Path = Segment[];
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Identity properties of the arrays of named things, in the order tried. */
const IDENTITY = ['key', 'id', 'name', 'level'] as const;

/** The identity property shared by every element of an array of objects, if any (and unique). */
export function identityOf(array: readonly Json[]): string | null {
  if (array.length === 0 || !array.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) return null;
  for (const by of IDENTITY) {
    const ids = array.map((item) => (item as Record<string, Json>)[by]);
    if (ids.every((id) => typeof id === 'string' || typeof id === 'number') && new Set(ids).size === ids.length) return by;
  }
  return null;
}

/** Properties whose values are expressions or lists compared whole (a condition is one thing). */
const WHOLE = new Set(['when', 'checks', 'poor', 'exited', 'value', 'headers', 'values', 'separators', 'exclusive', 'fields', 'label', 'message', 'name']);

/**
 * Leaves of a document: path text → { path, value }. An element of a keyed array is one leaf per
 * property; a whole expression, a list of strings or a bilingual label is one leaf.
 */
export function leaves(doc: Json, prefix: Path = [], out = new Map<string, { path: Path; value: Json }>()): Map<string, { path: Path; value: Json }> {
  const last = prefix[prefix.length - 1];
  const whole = typeof last === 'string' && WHOLE.has(last) && prefix.length > 1;
  if (doc !== null && typeof doc === 'object' && !whole) {
    if (Array.isArray(doc)) {
      const by = identityOf(doc);
      if (by === null) {
        out.set(pathText(prefix), { path: prefix, value: doc });
        return out;
      }
      for (const item of doc) leaves(item, [...prefix, { by, id: (item as Record<string, string | number>)[by] }], out);
      return out;
    }
    for (const [key, value] of Object.entries(doc)) leaves(value, [...prefix, key], out);
    return out;
  }
  out.set(pathText(prefix), { path: prefix, value: doc });
  return out;
}

/** `rules[helper_overload].severity`-style text of a path (stable: used as a map key). */
export function pathText(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'string') text += text ? `.${segment}` : segment;
    else text += `[${segment.by}=${segment.id}]`;
  }
  return text;
}

function elementIndex(array: Json[], segment: { by: string; id: string | number }): number {
  return array.findIndex((item) => item !== null && typeof item === 'object' && (item as Record<string, Json>)[segment.by] === segment.id);
}

/** The value at a path, or undefined where there is none. */
export function getAt(doc: Json, path: Path): Json | undefined {
  let node: Json | undefined = doc;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || node === undefined) return undefined;
    if (typeof segment === 'string') node = Array.isArray(node) ? undefined : node[segment];
    else node = Array.isArray(node) ? node[elementIndex(node, segment)] : undefined;
  }
  return node;
}

/**
 * Sets (or, with `undefined`, removes) the value at a path in place, creating a keyed element
 * (with its identity property) or an object on the way when missing.
 */
export function setAt(doc: Json, path: Path, value: Json | undefined): void {
  let node = doc as Json;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const lastStep = i === path.length - 1;
    if (typeof segment === 'string') {
      const object = node as Record<string, Json>;
      if (lastStep) {
        if (value === undefined) delete object[segment];
        else object[segment] = value;
        return;
      }
      if (object[segment] === undefined || object[segment] === null || typeof object[segment] !== 'object') {
        object[segment] = typeof path[i + 1] === 'string' ? {} : [];
      }
      node = object[segment];
    } else {
      const array = node as Json[];
      let index = elementIndex(array, segment);
      if (lastStep) {
        if (value === undefined) {
          if (index >= 0) array.splice(index, 1);
        } else if (index >= 0) array[index] = value;
        else array.push(value);
        return;
      }
      if (index < 0) {
        if (value === undefined) return;
        array.push({ [segment.by]: segment.id });
        index = array.length - 1;
      }
      node = array[index];
    }
  }
}

export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
