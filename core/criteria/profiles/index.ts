import defaultDocument from './default.json';
import type { CriteriaInput } from '../schema';

/** The shipped criteria documents; a county picks one and tunes it through the criteria API. */
export const defaultCriteria = defaultDocument as unknown as CriteriaInput;
export const monitoringCriteria = defaultDocument as unknown as CriteriaInput;
export const profiles: Record<string, CriteriaInput> = { default: defaultCriteria };
