export * from './cti-agent-state-changed.js';
export * from './cti-call-answered.js';
export * from './cti-call-data.js';
export * from './cti-call-ended.js';
export * from './cti-connection-changed.js';
export * from './cti-dial-request.js';
export * from './cti-error.js';
export * from './cti-incoming-call.js';
export * from './cti-notice.js';

import type { CtiAgentStateChangedEvent } from './cti-agent-state-changed.js';
import type { CtiCallAnsweredEvent } from './cti-call-answered.js';
import type { CtiCallDataEvent } from './cti-call-data.js';
import type { CtiCallEndedEvent } from './cti-call-ended.js';
import type { CtiConnectionChangedEvent } from './cti-connection-changed.js';
import type { CtiDialRequestEvent } from './cti-dial-request.js';
import type { CtiErrorEvent } from './cti-error.js';
import type { CtiIncomingCallEvent } from './cti-incoming-call.js';
import type { CtiNoticeEvent } from './cti-notice.js';

/**
 * Every `cti-*` event by name, as `<cti-provider>` (and `cti-dial-request` also `<cti-phone>`) dispatch them:
 * `CtiEventMap['cti-incoming-call']` is `CtiIncomingCallEvent`. Each event file adds its entry to
 * `HTMLElementEventMap`; they all bubble and are composed, so the map is added to `document`'s and `window`'s
 * too: `document.addEventListener('cti-error', (e) => e.detail.code)` is typed.
 */
export interface CtiEventMap {
  'cti-agent-state-changed': CtiAgentStateChangedEvent;
  'cti-call-answered': CtiCallAnsweredEvent;
  'cti-call-data': CtiCallDataEvent;
  'cti-call-ended': CtiCallEndedEvent;
  'cti-connection-changed': CtiConnectionChangedEvent;
  'cti-dial-request': CtiDialRequestEvent;
  'cti-error': CtiErrorEvent;
  'cti-incoming-call': CtiIncomingCallEvent;
  'cti-notice': CtiNoticeEvent;
}

declare global {
  // Declaration merging: these add the cti-* entries to the DOM's own maps.
  interface DocumentEventMap extends CtiEventMap {}
  interface WindowEventMap extends CtiEventMap {}
}
