import defaultDocument from './default.json';
import monitoringDocument from './monitoring.json';
import type { CriteriaInput } from '../schema';

/** The shipped criteria documents; a county picks one and tunes it through the criteria API. */
export const defaultCriteria = defaultDocument as unknown as CriteriaInput;
export const monitoringCriteria = monitoringDocument as unknown as CriteriaInput;
export const profiles: Readonly<Record<string, CriteriaInput>> = { default: defaultCriteria, monitoring: monitoringCriteria };
