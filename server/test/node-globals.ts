// Globals workerd has and Node 20 lacks, used by the Worker's tests.
const global = globalThis as { scheduler?: { wait(ms: number): Promise<void> } };
global.scheduler ??= { wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
