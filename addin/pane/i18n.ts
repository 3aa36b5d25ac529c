/**
 * Every string the pane shows, in both languages, in one table. zh-CN is the default; English
 * when the host's display language is English. `{name}` placeholders are filled by `t()`.
 */
import { countyMessages } from '../county/i18n';

export type Lang = 'zh' | 'en';

const table = {
  title: ['花名册校验', 'Roster Check'],
  subtitle: ['乡镇录入员的花名册检查与上报', "A township clerk's roster check and submission"],
  outsideTitle: ['花名册校验 · Excel 加载项', 'Roster Check · an Excel add-in'],
  outsideBody: [
    '这个页面是 Excel 加载项“花名册校验”的任务窗格，需要在 Excel 中打开。请按说明加载 manifest.xml：网页版 Excel 选“插入 → 加载项 → 上传我的加载项”；Windows 桌面版通过共享文件夹目录；Mac 放入 wef 文件夹。Office 2016/2019 和 WPS 不支持，请使用离线检查页面。',
    'This page is the task pane of the Excel add-in Roster Check and must be opened inside Excel. Load manifest.xml: in Excel on the web choose Insert → Add-ins → Upload My Add-in; on Windows desktop use a shared-folder catalog; on a Mac put it in the wef folder. Office 2016/2019 and WPS are not supported: use the offline check page.',
  ],
  outsideOffline: ['打开离线检查页面', 'Open the offline check page'],
  oldExcel: [
    '此版本的 Excel 太旧（需要 ExcelApi 1.9：Microsoft 365、网页版、Office 2021 或更新版本）。请使用离线检查页面。',
    'This Excel is too old (ExcelApi 1.9 is needed: Microsoft 365, the web, Office 2021 or later). Use the offline check page.',
  ],
  connection: ['连接', 'Connection'],
  workerUrl: ['服务器地址', 'Server URL'],
  token: ['访问令牌', 'Access token'],
  connect: ['连接', 'Connect'],
  connecting: ['正在连接…', 'Connecting…'],
  connectedAs: ['已连接：{role}{township}', 'Connected: {role}{township}'],
  role_clerk: ['乡镇录入员', 'township clerk'],
  role_county: ['县级用户', 'county user'],
  role_admin: ['管理员', 'administrator'],
  notConnected: ['未连接（没有令牌时只能本地校验，不能上报）', 'Not connected (without a token you can validate locally but not submit)'],
  criteriaServer: ['评价标准：第 {version} 版（{profile}，{date}）', 'Criteria: version {version} ({profile}, {date})'],
  criteriaCached: [
    '无法连接服务器，使用上次保存的评价标准第 {version} 版（{profile}，{date}）',
    'Server unreachable: using the saved criteria, version {version} ({profile}, {date})',
  ],
  criteriaBuiltin: [
    '无法连接服务器，且没有保存的标准：使用内置默认标准（{profile}）',
    'Server unreachable and no saved criteria: using the built-in default ({profile})',
  ],
  criteriaCachedLocal: ['未连接：使用上次保存的评价标准第 {version} 版（{profile}，{date}）', 'Not connected: using the saved criteria, version {version} ({profile}, {date})'],
  criteriaBuiltinLocal: ['未连接：使用内置默认标准（{profile}）', 'Not connected: using the built-in default criteria ({profile})'],
  profile_default: ['脱贫户花名册', 'exit roster'],
  profile_monitoring: ['防返贫监测', 'monitoring'],
  period: ['期次', 'Period'],
  periodHintYear: ['年度，例如 {example}', 'Year, e.g. {example}'],
  periodInvalid: ['期次“{text}”无法识别，请填写{hint}', 'Period "{text}" not understood. {hint}'],
  periodHintMonth: ['月份，例如 {example}', 'Month, e.g. {example}'],
  sheets: ['工作表', 'Sheets'],
  householdSheet: ['户表', 'Household sheet'],
  memberSheet: ['人表', 'Member sheet'],
  auto: ['自动识别', 'Detect'],
  autoFound: ['自动识别：{name}', 'Detect: {name}'],
  none: ['无', 'None'],
  validate: ['校验', 'Validate'],
  clear: ['清除标记', 'Clear marks'],
  submit: ['上报', 'Submit'],
  template: ['插入模板', 'Insert template'],
  actions: ['操作', 'Actions'],
  reading: ['正在读取“{sheet}”：{done}/{total} 行', 'Reading "{sheet}": {done}/{total} rows'],
  checking: ['正在校验…', 'Checking…'],
  painting: ['正在标记错误单元格…', 'Marking the wrong cells…'],
  writingSheets: ['正在写入校验结果和评分结果…', 'Writing the result sheets…'],
  done: ['校验完成（{ms} 毫秒）', 'Validated ({ms} ms)'],
  rechecked: ['已按修改重新校验', 'Re-checked after your edit'],
  cleared: ['已清除全部标记和结果表', 'Every mark and result sheet removed'],
  noRoster: [
    '没有找到花名册：没有一个工作表的表头能识别（至少 {min} 个已知列名）。可插入模板或在上方手动选择工作表。',
    'No roster found: no sheet has a header row with at least {min} known column names. Insert a template or choose the sheets above.',
  ],
  unreadable: ['花名册无法读取：', 'The roster cannot be read: '],
  summary: ['校验摘要', 'Summary'],
  households: ['户数', 'Households'],
  persons: ['人数', 'Persons'],
  errors: ['错误', 'Errors'],
  warnings: ['警告', 'Warnings'],
  exitEligible: ['达标户', 'Exit eligible'],
  riskEliminable: ['可消除风险', 'Risk can be eliminated'],
  risk: ['风险等级 1/2/3', 'Risk levels 1/2/3'],
  topRules: ['最多的问题', 'Most frequent problems'],
  sheetProblems: ['工作表问题', 'Sheet problems'],
  previous: ['上一处', 'Previous'],
  next: ['下一处', 'Next'],
  position: ['第 {i} / {n} 处', '{i} of {n}'],
  noMarks: ['没有需要修改的单元格', 'No cell to fix'],
  marksCount: ['共 {n} 处需要查看', '{n} places to check'],
  cellReasons: ['所选单元格', 'Selected cell'],
  cellClean: ['{cell}：没有问题', '{cell}: no problem'],
  rowReasons: ['第 {row} 行（整行）', 'Row {row} (whole row)'],
  severity_error: ['错误', 'error'],
  severity_warning: ['警告', 'warning'],
  rule: ['规则', 'rule'],
  submitting: ['正在上报…（第 {attempt} 次）', 'Submitting… (attempt {attempt})'],
  submitRetry: ['网络中断，{s} 秒后重试（同一请求，不会重复上报）', 'Network failure: retrying in {s} s (same request, never a duplicate)'],
  submitted: [
    '已上报：{township} {period}，{households} 户 {persons} 人，{errors} 行有错误；按评价标准第 {version} 版评分。',
    'Submitted: {township} {period}, {households} households, {persons} persons, {errors} rows with errors; scored with criteria version {version}.',
  ],
  submittedShort: ['已上报，回执见下方。', 'Submitted: the receipt is below.'],
  receipt: ['上报回执', 'Receipt'],
  submittedReplay: ['（这是同一次上报的重复请求，服务器没有再次保存）', '(a repeat of the same submission: the server did not store it again)'],
  serverSheetProblems: ['服务器发现的工作表问题：', 'Sheet problems the server found:'],
  criteriaChanged: [
    '评价标准已更新（第 {old} 版 → 第 {new} 版），已按新标准重新校验。请查看结果后再次点击“上报”。',
    'The criteria changed (version {old} → {new}); the roster was re-validated. Check the results, then click Submit again.',
  ],
  needToken: ['上报需要访问令牌：请在“连接”中填写。', 'Submitting needs an access token: enter it under Connection.'],
  needClerk: ['只有乡镇录入员的令牌才能上报本乡镇的花名册。', "Only a township clerk's token can submit a township's roster."],
  validateFirst: ['请先校验。', 'Validate first.'],
  unreadableNoSubmit: ['花名册无法读取，不能上报：请先修正工作表问题。', 'The roster cannot be read, so it cannot be submitted: fix the sheet problems first.'],
  http401: ['访问令牌无效或已被撤销。请向县里重新申请令牌，并在“连接”中填写。', 'The access token is invalid or was revoked. Ask the county for a new one and enter it under Connection.'],
  http403: [
    '这个令牌不能上报这份花名册：只能上报本乡镇的数据。请确认令牌属于您的乡镇。',
    "This token may not submit this roster: a clerk submits only their own township's data. Check that the token is your township's.",
  ],
  http413: [
    '花名册太大，服务器拒收。请删除多余的行或列（例如空白行、无关的列）后再试，或联系县里。',
    'The roster is too large for the server. Remove extra rows or columns (blank rows, unrelated columns) and try again, or contact the county.',
  ],
  http422: ['服务器不能接受这份花名册：', 'The server cannot accept this roster: '],
  httpOther: ['服务器出错（{status}）：', 'Server error ({status}): '],
  network: ['无法连接服务器，请检查网络后再试。', 'Cannot reach the server. Check the network and try again.'],
  templateDone: ['已插入模板工作表：{names}', 'Template sheets inserted: {names}'],
  templateExists: ['已存在同名工作表：{names}。请先改名或删除。', 'Sheets with these names already exist: {names}. Rename or delete them first.'],
  failed: ['出错了：', 'Something went wrong: '],
  busy: ['正在处理上一个操作，请稍候。', 'Still busy with the previous action.'],
  progress: ['进度', 'Progress'],
  marksNav: ['标记导航', 'Marked cells'],
  language: ['中文', 'English'],
  // Result sheets (written in the pane's language).
  checkSheet: ['校验结果', '校验结果'],
  scoreSheet: ['评分结果', '评分结果'],
  col_sheet: ['工作表', 'Sheet'],
  col_row: ['行', 'Row'],
  col_household: ['户编号', 'Household ID'],
  col_column: ['列', 'Column'],
  col_rule: ['规则', 'Rule'],
  col_severity: ['严重程度', 'Severity'],
  col_message: ['说明', 'Message'],
  col_link: ['定位', 'Go to'],
  link_text: ['转到 {cell}', 'Go to {cell}'],
  col_township: ['乡镇', 'Township'],
  col_village: ['行政村', 'Village'],
  col_score: ['得分', 'Score'],
  col_exit: ['达标', 'Exit eligible'],
  col_eliminable: ['可消除风险', 'Risk can be eliminated'],
  col_risk: ['风险等级', 'Risk level'],
  yes: ['是', 'yes'],
  no: ['否', 'no'],
  checkTitle: ['校验结果：{n} 处问题（评价标准 {criteria}，期次 {period}）', 'Check results: {n} problems (criteria {criteria}, period {period})'],
  scoreTitle: ['评分结果：{n} 户（评价标准 {criteria}，期次 {period}）', 'Scores: {n} households (criteria {criteria}, period {period})'],
  builtinCriteria: ['内置默认', 'built-in default'],
  versionN: ['第 {version} 版', 'version {version}'],
  sheetLevel: ['（整表）', '(whole sheet)'],
  // County mode (addin/county/i18n.ts), in this one table.
  ...countyMessages,
} satisfies Record<string, [string, string]>;

export type MessageKey = keyof typeof table;

/** The pane's language for a host display language such as "zh-CN" or "en-US". */
export function langOf(displayLanguage: string | null | undefined): Lang {
  return /^en\b/i.test(displayLanguage ?? '') ? 'en' : 'zh';
}

/** A translator bound to one language. */
export function translator(lang: Lang): (key: MessageKey, values?: Record<string, string | number>) => string {
  const index = lang === 'en' ? 1 : 0;
  return function t(key, values) {
    const text = table[key][index];
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}

export type Translate = ReturnType<typeof translator>;

/** A bilingual engine text in the pane's language. */
export function pick(text: { zh: string; en: string }, lang: Lang): string {
  return lang === 'en' ? text.en : text.zh;
}
