/**
 * What changed between two criteria documents, as a list an officer reads ("参数 收入线 4000 →
 * 4500", "规则 helper_overload 警告 → 错误", "乡镇 西四镇 新增"), and the officer's own edits
 * re-applied on top of a version someone else published meanwhile (the 412 case), losing none.
 */
import { getAt, leaves, pathText, sameJson, setAt, type Json, type Path, type Segment } from './paths';

export interface Change {
  /** Stable text of the path (see pathText). */
  key: string;
  path: Path;
  /** added / removed: a whole named element (a township, a rule…); changed: one value. */
  kind: 'added' | 'removed' | 'changed';
  before: Json | undefined;
  after: Json | undefined;
}

/** The shortest path whose element exists on one side only (a whole township added), else null. */
function missingElement(doc: Json, path: Path): Path | null {
  for (let i = 1; i <= path.length; i++) {
    const segment = path[i - 1];
    if (typeof segment !== 'string' && getAt(doc, path.slice(0, i)) === undefined) return path.slice(0, i);
  }
  return null;
}

/**
 * The changes from `before` to `after`: one entry per changed value, one per named element added
 * or removed as a whole.
 *
 * @example
 * diffCriteria(v1, v2) // [{ key: 'parameters.income_line', kind: 'changed', before: 4000, after: 4500 }, …]
 */
export function diffCriteria(before: unknown, after: unknown): Change[] {
  const a = leaves(before as Json);
  const b = leaves(after as Json);
  const changes = new Map<string, Change>();
  const add = (path: Path, kind: Change['kind'], from: Json | undefined, to: Json | undefined) => {
    const key = pathText(path);
    if (!changes.has(key)) changes.set(key, { key, path, kind, before: from, after: to });
  };
  for (const [key, leaf] of a) {
    const other = b.get(key);
    if (other !== undefined) {
      if (!sameJson(leaf.value, other.value)) add(leaf.path, 'changed', leaf.value, other.value);
      continue;
    }
    const gone = missingElement(after as Json, leaf.path);
    if (gone) add(gone, 'removed', getAt(before as Json, gone), undefined);
    else add(leaf.path, 'changed', leaf.value, undefined);
  }
  for (const [key, leaf] of b) {
    if (a.has(key)) continue;
    const fresh = missingElement(before as Json, leaf.path);
    if (fresh) add(fresh, 'added', undefined, getAt(after as Json, fresh));
    else add(leaf.path, 'changed', undefined, leaf.value);
  }
  return [...changes.values()];
}

/** Does `inner` lie at or under `outer`? */
function within(outer: Path, inner: Path): boolean {
  if (inner.length < outer.length) return false;
  return outer.every((segment, i) => sameSegment(segment, inner[i]));
}

function sameSegment(a: Segment, b: Segment): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.by === b.by && a.id === b.id;
}

export interface Rebased {
  /** Their version with every one of the officer's edits applied. */
  document: unknown;
  /** The officer's edits, as applied. */
  mine: Change[];
  /** What the other publisher changed (base → theirs). */
  theirs: Change[];
  /** Officer's edits to something the other publisher also changed (the officer's value was applied). */
  conflicts: { mine: Change; theirs: Change[] }[];
}

/**
 * Re-applies the officer's edits (base → edited) on top of `theirs`, the version someone else
 * published since `base` was read. Where both changed the same thing, the officer's value is
 * applied and the pair is reported, so they can look before publishing again.
 *
 * @example
 * const { document, conflicts } = rebaseEdits({ base: v3, edited: draft, theirs: v4 });
 */
export function rebaseEdits(options: { base: unknown; edited: unknown; theirs: unknown }): Rebased {
  const mine = diffCriteria(options.base, options.edited);
  const theirs = diffCriteria(options.base, options.theirs);
  const document = structuredClone(options.theirs) as Json;
  const conflicts: Rebased['conflicts'] = [];
  for (const change of mine) {
    setAt(document, change.path, change.kind === 'removed' ? undefined : structuredClone(change.after));
    const overlapping = theirs.filter(
      (other) => (within(change.path, other.path) || within(other.path, change.path)) && !sameJson(other.after, change.after),
    );
    if (overlapping.length > 0) conflicts.push({ mine: change, theirs: overlapping });
  }
  return { document, mine, theirs, conflicts };
}
