// The bench's roster generators as one browser script (the pane bench generates in the page).
export { generateRoster } from './roster';
export { generateExport } from './export';
export { monitoringCriteria } from '../core/criteria/profiles/index';
