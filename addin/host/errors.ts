/**
 * An error a host adapter raises for the clerk to read: the message in Chinese and English, and
 * a stable code the pane may branch on. Host API errors (Office.js's) are wrapped in it.
 */
import type { Text } from '../../core/types';

export type HostErrorCode = 'unsupported_host' | 'sheet_not_found' | 'sheet_name_taken' | 'too_large' | 'host_failure';

export class HostError extends Error {
  readonly code: HostErrorCode;
  readonly text: Text;
  constructor(code: HostErrorCode, text: Text, options?: { cause?: unknown }) {
    super(text.en, options);
    this.name = 'HostError';
    this.code = code;
    this.text = text;
  }
}
