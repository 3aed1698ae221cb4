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
