// Before the browser tests: the pane built into dist/public (what the Worker serves).
import { buildPane } from '../../../scripts/build-pane.mjs';

export default async function setup(): Promise<void> {
  await buildPane({ quiet: true });
}
