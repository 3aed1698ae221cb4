/** Helpers for hub tests: iframes that act as tabs, and polling. */
import type { TestTab } from '../fixtures/hub/tab.js';

export const WORKER = '/test/fixtures/hub/test-hub.worker.ts';

let counter = 0;
/** A hub name no other test uses (all test pages share one browser context). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${++counter}`;
}

export interface TabFrame {
  readonly iframe: HTMLIFrameElement;
  readonly tab: TestTab;
}

export async function openTab(params: Record<string, string>): Promise<TabFrame> {
  const iframe = document.createElement('iframe');
  iframe.src = `/test/fixtures/hub/tab.html?${new URLSearchParams(params)}`;
  iframe.style.width = '200px';
  iframe.style.height = '100px';
  document.body.append(iframe);
  await new Promise((r) => iframe.addEventListener('load', r, { once: true }));
  const win = iframe.contentWindow as Window & { tabReady: Promise<TestTab> };
  const tab = await win.tabReady;
  return { iframe, tab };
}

export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 5000, everyMs = 2): Promise<NonNullable<T>> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const now = () => performance.timeOrigin + performance.now();

/** The test server through another port (test/support/built-page-middleware.mjs): `host` defaults to this page's. */
export async function secondPortOrigin(host = location.hostname): Promise<string> {
  const { port } = (await (await fetch('/__hub/second-port')).json()) as { port: number };
  return `${location.protocol}//${host}:${port}`;
}

export const otherHost = () => (location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1');

/** Load test/fixtures/hub/foreign.html from `origin` in an iframe and wait for its report. */
export async function foreignPage(origin: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const iframe = document.createElement('iframe');
  iframe.src = `${origin}/test/fixtures/hub/foreign.html?${new URLSearchParams(params)}`;
  const report = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the foreign page did not report')), 8000);
    addEventListener('message', function onReport(event: MessageEvent) {
      const data = event.data as { foreignReport?: boolean } | null;
      if (event.source !== iframe.contentWindow || !data?.foreignReport) return;
      clearTimeout(timer);
      removeEventListener('message', onReport);
      resolve(data as Record<string, unknown>);
    });
  });
  document.body.append(iframe);
  try {
    return await report;
  } finally {
    iframe.remove();
  }
}
