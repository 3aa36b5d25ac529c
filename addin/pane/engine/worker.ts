/// <reference lib="webworker" />
/**
 * The pane's Web Worker: core and the roster's tables live here, so a 100,000-household
 * evaluation never blocks Excel's pane thread. One session; requests answered in order.
 */
import { EngineSession } from './session';
import type { EngineRequest, EngineResponse } from './protocol';

const session = new EngineSession();

function handle(request: EngineRequest): unknown {
  switch (request.op) {
    case 'criteria':
      return session.setCriteria(request.document);
    case 'detect':
      return session.detect(request.sheets);
    case 'table':
      return session.table(request.part, request.table);
    case 'evaluate':
      return session.evaluate(request.request);
    case 'patch':
      return session.patch(request.patch);
    case 'submissionBody':
      return session.submissionBody(request.period, request.township);
    case 'resultSheets':
      return session.resultSheets(request.options);
  }
}

self.onmessage = function onEngineMessage(event: MessageEvent<EngineRequest>) {
  const request = event.data;
  let response: EngineResponse;
  try {
    response = { id: request.id, ok: true, value: handle(request) };
  } catch (error) {
    const e = error as { message?: string; problems?: { message: { zh: string; en: string } }[] };
    const first = e.problems?.[0]?.message;
    response = { id: request.id, ok: false, error: { message: String(e.message ?? error), zh: first?.zh, en: first?.en } };
  }
  (self as unknown as Worker).postMessage(response);
};
