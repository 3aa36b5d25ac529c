/** Every string the offline check page shows, Chinese (default) and English. */
export type Lang = 'zh' | 'en';

export const TEXT = {
  title: { zh: '花名册离线校验', en: 'Roster offline check' },
  privacy: {
    zh: '文件只在本机浏览器中读取和校验，不会上传到任何地方。适用于 WPS、LibreOffice 和 Office 2016/2019 用户。',
    en: 'The file is read and checked in this browser only; nothing is uploaded. For WPS, LibreOffice and Office 2016/2019 users.',
  },
  drop: { zh: '把 .xlsx 花名册拖到这里，或', en: 'Drop an .xlsx roster here, or' },
  pick: { zh: '选择文件', en: 'choose a file' },
  period: { zh: '期间', en: 'Period' },
  periodHint: { zh: '如 2020 或 2024-06（可不填）', en: 'e.g. 2020 or 2024-06 (optional)' },
  profile: { zh: '内置标准', en: 'Built-in criteria' },
  token: { zh: '县服务令牌（可选，用于取得县里当前的评价标准）', en: 'County service token (optional: fetches the county’s current criteria)' },
  connect: { zh: '连接', en: 'Connect' },
  criteriaServer: { zh: '评价标准：县服务当前第 {0} 版（{1}）', en: 'Criteria: county service, current version {0} ({1})' },
  criteriaBuiltIn: { zh: '评价标准：内置（{0}）', en: 'Criteria: built in ({0})' },
  criteriaOffline: {
    zh: '评价标准：内置（{0}）——无法连接县服务，或未填写令牌',
    en: 'Criteria: built in ({0}) — the county service could not be reached, or no token was given',
  },
  reading: { zh: '正在读取{0}… {1}%', en: 'Reading {0}… {1}%' },
  households: { zh: '户表', en: 'household sheet' },
  members: { zh: '人表', en: 'member sheet' },
  checking: { zh: '正在校验…', en: 'Checking…' },
  done: { zh: '{0}：校验完成，用时 {1} 秒', en: '{0}: checked in {1} s' },
  summary: {
    zh: '{0} 户，{1} 人，错误 {2}，警告 {3}，{4} {5} 户，风险等级 一级 {6} / 二级 {7} / 三级 {8}',
    en: '{0} households, {1} persons, {2} errors, {3} warnings, {4} {5}, risk levels 1/2/3: {6}/{7}/{8}',
  },
  sheetsUsed: { zh: '户表：{0}；人表：{1}；基准日期 {2}', en: 'Household sheet: {0}; member sheet: {1}; reference date {2}' },
  none: { zh: '无', en: 'none' },
  unreadableRoster: { zh: '花名册无法校验：{0}', en: 'The roster cannot be checked: {0}' },
  downloadReport: { zh: '下载校验报告', en: 'Download the report' },
  downloadAnnotated: { zh: '下载标注副本', en: 'Download an annotated copy' },
  preparing: { zh: '正在生成…', en: 'Preparing…' },
  filterTownship: { zh: '乡镇', en: 'Township' },
  filterRule: { zh: '规则', en: 'Rule' },
  filterSeverity: { zh: '严重程度', en: 'Severity' },
  all: { zh: '全部', en: 'All' },
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  colSheet: { zh: '工作表', en: 'Sheet' },
  colRow: { zh: '行', en: 'Row' },
  colColumn: { zh: '列', en: 'Column' },
  colHousehold: { zh: '户编号', en: 'Household ID' },
  colTownship: { zh: '乡镇', en: 'Township' },
  colRule: { zh: '规则', en: 'Rule' },
  colSeverity: { zh: '严重程度', en: 'Severity' },
  colMessage: { zh: '说明', en: 'Message' },
  shown: { zh: '共 {0} 条，显示前 {1} 条', en: '{0} issues, the first {1} shown' },
  count: { zh: '共 {0} 条', en: '{0} issues' },
  noIssues: { zh: '没有发现问题。', en: 'No issues found.' },
  failed: { zh: '出错了：{0}', en: 'Something went wrong: {0}' },
  eligibleExit: { zh: '可脱贫', en: 'exit eligible' },
  eligibleRisk: { zh: '可消除风险', en: 'risk eliminable' },
  language: { zh: 'English', en: '中文' },
} as const;

export type TextKey = keyof typeof TEXT;

export function say(lang: Lang, key: TextKey, ...args: (string | number)[]): string {
  return TEXT[key][lang].replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}
