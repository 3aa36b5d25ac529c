/**
 * A criteria change as a sentence an officer reads: "参数 收入线（income_line）：4000 → 4500",
 * "规则 helper_overload：警告 → 错误", "新增 乡镇 西四镇".
 */
import type { Lang, Translate } from '../pane/i18n';
import type { Change } from './diff';
import { countyMessages, type CountyMessageKey } from './i18n';
import type { Json, Path } from './paths';

function text(value: Json | undefined, t: Translate, lang: Lang): string {
  if (value === undefined || value === null) return t('diff_none');
  if (value === 'error') return t('severity_error_short');
  if (value === 'warning') return t('severity_warning_short');
  if (typeof value === 'boolean') return t(value ? 'enabled_on' : 'enabled_off');
  if (typeof value === 'object' && !Array.isArray(value) && typeof value.zh === 'string' && typeof value.en === 'string') {
    return String(lang === 'en' ? value.en : value.zh);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('、');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What the path names: "参数 收入线（income_line）", "规则 helper_overload 严重程度"… */
function subject(path: Path, t: Translate, lang: Lang, labels: { indicators: Record<string, string>; fields: Record<string, string> }): string {
  const [head, element, ...rest] = path;
  const tail = rest.map((s) => (typeof s === 'string' ? s : String(s.id))).join('.');
  const id = element !== undefined && typeof element !== 'string' ? String(element.id) : null;
  const withTail = (what: string) => (tail ? `${what} ${tailLabel(tail, t)}` : what);
  if (head === 'parameters' && typeof element === 'string') {
    const key = `param_${element}`;
    const name = key in countyMessages ? `${t(key as CountyMessageKey)}（${element}）` : element;
    return t('diff_parameter', { name });
  }
  if (head === 'rules' && id) return withTail(t('diff_rule', { id }));
  if (head === 'indicators' && id) return withTail(t('diff_indicator', { name: labels.indicators[id] ?? id }));
  if (head === 'townships' && id) return withTail(t('diff_township', { name: id }));
  if (head === 'fields' && id) return withTail(t('diff_field', { name: labels.fields[id] ?? id }));
  void lang;
  return path.map((s) => (typeof s === 'string' ? s : `[${s.id}]`)).join('.');
}

function tailLabel(tail: string, t: Translate): string {
  const words: Record<string, CountyMessageKey> = {
    severity: 'rcol_severity_word',
    enabled: 'county_rule_enabled',
    weight: 'county_weight',
    hard: 'county_hard',
    population: 'county_population',
    values: 'county_enum_values_word',
  };
  const key = words[tail];
  return key && key in countyMessages ? t(key) : tail;
}

/** Labels of the documents' indicators and fields, by key, in the pane's language. */
export function labelsOf(lang: Lang, ...docs: unknown[]): { indicators: Record<string, string>; fields: Record<string, string> } {
  const indicators: Record<string, string> = {};
  const fields: Record<string, string> = {};
  for (const doc of docs as { indicators?: { key: string; label: { zh: string; en: string } }[]; fields?: { key: string; label: { zh: string; en: string } }[] }[]) {
    for (const i of doc?.indicators ?? []) indicators[i.key] = lang === 'en' ? i.label.en : i.label.zh;
    for (const f of doc?.fields ?? []) fields[f.key] = lang === 'en' ? f.label.en : f.label.zh;
  }
  return { indicators, fields };
}

/**
 * @example
 * describeChange(change, t, 'zh', labelsOf('zh', v1, v2)) // "参数 收入线（人均纯收入）（income_line）：4000 → 4500"
 */
export function describeChange(change: Change, t: Translate, lang: Lang, labels: ReturnType<typeof labelsOf>): string {
  const what = subject(change.path, t, lang, labels);
  if (change.kind === 'added') return t('diff_added', { what });
  if (change.kind === 'removed') return t('diff_removed', { what });
  return t('diff_changed', { what, before: text(change.before, t, lang), after: text(change.after, t, lang) });
}
