// Globals workerd has and Node 20 lacks, used by the Worker's tests.
const globals = globalThis as unknown as { scheduler?: { wait(ms: number): Promise<void> } };
globals.scheduler ??= { wait: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
export {};
