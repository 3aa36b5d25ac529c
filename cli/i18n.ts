/** Every sentence the command line prints, in Chinese (default) and English. */
export type Lang = 'zh' | 'en';

const TEXT = {
  usage: {
    zh: `用法：roster-check <命令> [选项]

  check 文件或文件夹…     校验 .xlsx 花名册（不上传任何数据）
      --out 目录           写出校验报告（.校验报告.xlsx）和标注副本（.已标注.xlsx）
      --json               输出核心引擎的完整结果（JSON）
      --criteria 文件.json 使用本地评价标准；或 --server/--token 从县服务取（会缓存）；否则用内置标准
      --profile default|monitoring   内置标准：建档立卡（默认）或防返贫监测
      --period 期间        如 2020、2024-06；--reference-date YYYY-MM-DD
      --no-annotate        不写标注副本
  submit 文件 --period 期间 [--township 乡镇]   提交到县服务（自动重试，不会重复提交）
  tokens create --role clerk|county|admin [--township 乡镇] --label 说明 | tokens list | tokens revoke ID
  criteria get [--version N] [--out 文件] | criteria publish 文件.json [--note 说明] | criteria diff 文件.json --period 期间
  report summary|issues|duplicates|dynamics --period P（dynamics 用 --from/--to）[--township 乡镇] [--out 文件.xlsx|.csv|.json]

服务地址和令牌：--server/--token，或环境变量 ROSTER_CHECK_SERVER、ROSTER_CHECK_TOKEN。
语言：--lang en 或 ROSTER_CHECK_LANG=en。
退出码：0 无错误；1 发现错误；2 用法错误或文件无法读取。`,
    en: `Usage: roster-check <command> [options]

  check FILE|FOLDER…       check .xlsx rosters (nothing is uploaded)
      --out DIR            write report workbooks (.report.xlsx) and annotated copies (.annotated.xlsx)
      --json               print core's full results as JSON
      --criteria FILE.json local criteria; or --server/--token from the county service (cached); else built in
      --profile default|monitoring   built-in criteria: default roster or 防返贫监测 monitoring
      --period P           e.g. 2020, 2024-06; --reference-date YYYY-MM-DD
      --no-annotate        no annotated copy
  submit FILE --period P [--township T]   submit to the county service (retried, never twice)
  tokens create --role clerk|county|admin [--township T] --label L | tokens list | tokens revoke ID
  criteria get [--version N] [--out FILE] | criteria publish FILE.json [--note N] | criteria diff FILE.json --period P
  report summary|issues|duplicates|dynamics --period P (dynamics: --from/--to) [--township T] [--out FILE.xlsx|.csv|.json]

Server and token: --server/--token, or ROSTER_CHECK_SERVER, ROSTER_CHECK_TOKEN.
Language: --lang en or ROSTER_CHECK_LANG=en.
Exit codes: 0 no errors; 1 errors found; 2 bad usage or an unreadable file.`,
  },
  badOption: { zh: '选项有误：{0}', en: 'Bad option: {0}' },
  noFiles: { zh: '请给出要校验的 .xlsx 文件或文件夹', en: 'Give the .xlsx files or folders to check' },
  noXlsxIn: { zh: '{0}：文件夹中没有 .xlsx 文件', en: '{0}: no .xlsx file in this folder' },
  notFound: { zh: '{0}：找不到文件', en: '{0}: file not found' },
  unreadable: { zh: '{0}：无法读取。{1}', en: '{0}: cannot be read. {1}' },
  rosterUnreadable: { zh: '{0}：花名册无法校验：{1}', en: '{0}: the roster cannot be checked: {1}' },
  line: {
    zh: '{0}：{1} 户，{2} 人，错误 {3}，警告 {4}，{5} {6} 户，风险等级 一级 {7} / 二级 {8} / 三级 {9}',
    en: '{0}: {1} households, {2} persons, {3} errors, {4} warnings, {5} {6}, risk levels 1/2/3: {7}/{8}/{9}',
  },
  wrote: { zh: '已写出 {0}', en: 'Wrote {0}' },
  cannotWrite: { zh: '无法写入 {0}：{1}', en: 'Cannot write to {0}: {1}' },
  reading: { zh: '{0}：读取{1} {2}%', en: '{0}: reading {1} {2}%' },
  checking: { zh: '{0}：校验中…', en: '{0}: checking…' },
  households: { zh: '户表', en: 'household sheet' },
  members: { zh: '人表', en: 'member sheet' },
  criteriaBuiltIn: { zh: '评价标准：内置 {0}', en: 'Criteria: built-in {0}' },
  criteriaFile: { zh: '评价标准：{0}（{1}）', en: 'Criteria: {0} ({1})' },
  criteriaServer: { zh: '评价标准：县服务第 {0} 版（{1}）', en: 'Criteria: county service version {0} ({1})' },
  criteriaCached: {
    zh: '无法连接县服务（{0}），使用缓存的第 {1} 版评价标准',
    en: 'Cannot reach the county service ({0}); using cached criteria version {1}',
  },
  criteriaUnavailable: {
    zh: '无法从县服务取得评价标准（{0}），本机也没有缓存。可用 --criteria 文件 或去掉 --server 使用内置标准。',
    en: 'Cannot get the criteria from the county service ({0}) and none is cached. Use --criteria FILE, or drop --server for the built-in criteria.',
  },
  criteriaInvalid: { zh: '评价标准有误：', en: 'The criteria document is invalid:' },
  criteriaBadJson: { zh: '{0}：不是有效的 JSON（{1}）', en: '{0}: not valid JSON ({1})' },
  profileMismatch: {
    zh: '评价标准的类型是 {0}，与 --profile {1} 不符',
    en: 'The criteria profile is {0}, not --profile {1}',
  },
  unknownProfile: { zh: '没有内置标准 {0}（可用：{1}）', en: 'No built-in profile {0} (have: {1})' },
  needServer: {
    zh: '需要县服务地址和令牌：--server URL --token 令牌，或环境变量 ROSTER_CHECK_SERVER、ROSTER_CHECK_TOKEN',
    en: 'Needs the county service and a token: --server URL --token T, or ROSTER_CHECK_SERVER and ROSTER_CHECK_TOKEN',
  },
  needPeriod: { zh: '请用 --period 给出期间，如 2020 或 2024-06', en: 'Give the period with --period, e.g. 2020 or 2024-06' },
  badPeriod: { zh: '期间“{0}”无效，应为 2020、2024-06 这样的年份或年月', en: 'Period "{0}" is not a year or month such as 2020 or 2024-06' },
  needTownship: {
    zh: '花名册中有多个乡镇或没有有效乡镇，请用 --township 指明提交哪个乡镇',
    en: 'The roster names several townships or none: give the township with --township',
  },
  network: { zh: '无法连接 {0}：{1}', en: 'Cannot reach {0}: {1}' },
  retrying: { zh: '第 {0} 次重试（{1}）…', en: 'Retry {0} ({1})…' },
  httpError: { zh: '县服务返回 {0}：{1}', en: 'The county service answered {0}: {1}' },
  submitted: {
    zh: '已提交 {0} {1}：提交编号 {2}，{3} 户，评价标准第 {4} 版{5}',
    en: 'Submitted {0} {1}: submission {2}, {3} households, criteria version {4}{5}',
  },
  replayed: { zh: '（重复请求，返回首次结果）', en: ' (replayed: the first answer)' },
  tokenCreated: {
    zh: '已创建令牌（只显示这一次，请妥善保存）：',
    en: 'Token created (shown this once only; keep it safe):',
  },
  tokenRevoked: { zh: '已吊销令牌 {0}', en: 'Revoked token {0}' },
  published: { zh: '已发布评价标准第 {0} 版', en: 'Published criteria version {0}' },
  criteriaValid: { zh: '评价标准检查通过', en: 'The criteria document is valid' },
  diffHeader: {
    zh: '乡镇\t户数\t可脱贫变化\t风险等级变化\t得分变化\t任一变化',
    en: 'Township\tHouseholds\tEligibility changed\tRisk changed\tScore changed\tAny changed',
  },
  unknownCommand: { zh: '未知命令：{0}', en: 'Unknown command: {0}' },
  sameAsInput: { zh: '输出文件不能覆盖原文件：{0}', en: 'An output file cannot replace the original: {0}' },
  total: { zh: '合计', en: 'Total' },
  tokenActive: { zh: '有效', en: 'active' },
  tokenRevokedAt: { zh: '已吊销 {0}', en: 'revoked {0}' },
  xlsxNeedsOut: { zh: '写 .xlsx 报表需要 --out 文件.xlsx', en: '--format xlsx needs --out FILE.xlsx' },
  reportSuffix: { zh: '校验报告', en: 'report' },
  annotatedSuffix: { zh: '已标注', en: 'annotated' },
  eligibleExit: { zh: '可脱贫', en: 'exit eligible' },
  eligibleRisk: { zh: '可消除风险', en: 'risk eliminable' },
} as const;

export type TextKey = keyof typeof TEXT;

/** Column headings of the service's reports written as .csv or .xlsx by `report`. */
export const REPORT_COLUMNS = {
  zh: {
    duplicates: ['证件号码（脱敏）', '乡镇', '户编号', '行号'],
    dynamics: ['乡镇', '新识别户数', '新识别人数', '剔除户数', '剔除人数', '脱贫户数', '脱贫人数', '返贫户数', '返贫人数', '迁移户数', '迁移人数'],
    total: '合计',
    unmatched: '无法匹配（证件号码无效）',
  },
  en: {
    duplicates: ['ID (masked)', 'Township', 'Household ID', 'Row'],
    dynamics: ['Township', 'New households', 'New persons', 'Removed households', 'Removed persons', 'Exited households', 'Exited persons', 'Returned households', 'Returned persons', 'Moved households', 'Moved persons'],
    total: 'Total',
    unmatched: 'Unmatched (head ID invalid)',
  },
};


export function langOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const v = (flag ?? env.ROSTER_CHECK_LANG ?? '').toLowerCase();
  return v.startsWith('en') ? 'en' : 'zh';
}

/** The sentence `key` in `lang` with {0}, {1} … filled in. */
export function say(lang: Lang, key: TextKey, ...args: (string | number)[]): string {
  return TEXT[key][lang].replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}
