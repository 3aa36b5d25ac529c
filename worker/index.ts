import { createApp } from './app';

// The Worker entry: wrangler.toml's `main`. Everything else is built in app.ts.
export default createApp();
