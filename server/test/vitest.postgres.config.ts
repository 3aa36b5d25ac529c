import { workerSuite } from './worker-suite';
export default workerSuite('postgres');
