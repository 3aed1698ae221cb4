import { html, nothing, type TemplateResult } from 'lit';
import type { CtiSessionHandle } from '../../client/types.js';

let loading: Promise<unknown> | undefined;

/**
 * `<cti-agent-status>`'s *Download diagnostics*: `<cti-diagnostics-button>` for the session, nothing without one.
 * The element is its own chunk, loaded on the first render with a session (it upgrades in place).
 */
export function diagnosticsButton(session: CtiSessionHandle | undefined, locale: string): TemplateResult | typeof nothing {
  if (!session) return nothing;
  loading ??= import('./diagnostics-button.js').catch(() => {
    loading = undefined; // a failed chunk load may be retried on the next render
  });
  return html`<cti-diagnostics-button exportparts="diagnostics-button, diagnostics-status" .session=${session} locale=${locale}></cti-diagnostics-button>`;
}
