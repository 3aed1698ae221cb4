import { html, nothing, type TemplateResult } from 'lit';
import type { SessionSnapshot } from '../../domain/model.js';

let loading: Promise<unknown> | undefined;

/**
 * `<cti-phone>`'s recent-calls section: `<cti-recent-calls>` for the snapshot's recent calls, nothing while
 * there are none. The element is its own chunk, loaded the first time there is a call to show (it upgrades in
 * place: the properties set before keep). `dial` is called with the number the agent chose to call again.
 * `waitReason`: the id (in the phone's shadow root) of why *Call* waits, while the connection is not up.
 */
export function recentCalls(
  snapshot: SessionSnapshot | undefined,
  locale: string,
  dial: (number: string) => void,
  waitReason: string | undefined,
): TemplateResult | typeof nothing {
  const calls = snapshot?.recentCalls;
  if (!calls?.length) return nothing;
  loading ??= import('./recent-calls.js').catch(() => {
    loading = undefined; // a failed chunk load may be retried on the next render
  });
  return html`<cti-recent-calls exportparts="recent, recent-call, recent-dial" .calls=${calls} ?can-dial=${snapshot!.capabilities.dial}
    locale=${locale} .waitReason=${waitReason} @cti-recent-dial=${(e: CustomEvent<string>) => dial(e.detail)}></cti-recent-calls>`;
}
