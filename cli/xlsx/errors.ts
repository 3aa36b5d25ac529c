import type { Text } from '../../core/types';

/**
 * Why a file cannot be read as a roster workbook. Each code has one sentence in Chinese and
 * English; the command line exits 2 on any of them and the offline page shows the sentence.
 */
export type XlsxErrorCode =
  | 'not_zip'
  | 'xls'
  | 'encrypted'
  | 'ods'
  | 'xlsb'
  | 'corrupt'
  | 'zip_bomb'
  | 'too_large'
  | 'empty_workbook'
  | 'no_household_sheet';

const MESSAGES: Record<XlsxErrorCode, Text> = {
  not_zip: {
    zh: '不是 .xlsx 文件（文件不是 zip 格式）。请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx 后再试。',
    en: 'Not an .xlsx file (it is not a zip archive). Save it as .xlsx in Excel, WPS or LibreOffice and try again.',
  },
  xls: {
    zh: '这是旧版 .xls 文件（Excel 97-2003 二进制格式），无法读取。请另存为 .xlsx（Excel 工作簿）后再试。',
    en: 'This is an old .xls file (Excel 97-2003 binary format), which cannot be read. Save it as .xlsx (Excel Workbook) and try again.',
  },
  encrypted: {
    zh: '文件设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再试。',
    en: 'The file is password-protected (encrypted) and cannot be read. Remove the password in Excel or WPS, save as .xlsx and try again.',
  },
  ods: {
    zh: '这是 OpenDocument 表格（.ods）。请在 LibreOffice 或 WPS 中另存为 .xlsx 后再试。',
    en: 'This is an OpenDocument spreadsheet (.ods). Save it as .xlsx in LibreOffice or WPS and try again.',
  },
  xlsb: {
    zh: '这是二进制工作簿（.xlsb），无法读取。请另存为 .xlsx 后再试。',
    en: 'This is a binary workbook (.xlsb), which cannot be read. Save it as .xlsx and try again.',
  },
  corrupt: {
    zh: '文件已损坏或不完整，无法作为 .xlsx 读取。',
    en: 'The file is damaged or incomplete and cannot be read as .xlsx.',
  },
  zip_bomb: {
    zh: '文件解压后异常庞大（疑似“压缩炸弹”），已停止读取。',
    en: 'The file expands to an abnormal size when unpacked (a suspected zip bomb); reading was stopped.',
  },
  too_large: {
    zh: '工作表超出 Excel 的大小上限（1,048,576 行、16,384 列），无法读取。',
    en: 'A worksheet exceeds Excel’s limits (1,048,576 rows, 16,384 columns) and cannot be read.',
  },
  empty_workbook: {
    zh: '工作簿是空的：没有任何含数据的工作表。',
    en: 'The workbook is empty: no worksheet holds any data.',
  },
  no_household_sheet: {
    zh: '找不到户表：没有哪个工作表的前 20 行中有至少 3 个可识别的列名（如 户编号、乡镇、户主姓名）。',
    en: 'No household sheet found: no worksheet has at least 3 known column headers (such as 户编号, 乡镇, 户主姓名) in its first 20 rows.',
  },
};

export class XlsxError extends Error {
  readonly code: XlsxErrorCode;
  readonly text: Text;
  constructor(code: XlsxErrorCode, detail?: string) {
    const text = MESSAGES[code];
    super(detail ? `${text.en} (${detail})` : text.en);
    this.name = 'XlsxError';
    this.code = code;
    this.text = text;
  }
}
