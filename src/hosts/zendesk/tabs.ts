/**
 * The Zendesk app's frames of one browser's Zendesk tabs talk to each other (the hosts' shared channel, claims
 * and Web Lock liveness: ../shared/tabs.ts), so that one tab pops and logs a call and a survivor writes the log
 * of a tab that went away mid-call (bridge.ts). Zendesk adds its `own` message: this tab pops and logs `call`,
 * with the user (`u`) and ticket (`t`) its ring found once it knows them (Zendesk ids, not secrets). Loaded
 * beside the widget (a chunk of its own): nothing of it is needed before a call rings.
 */
import { connectTabs, text, type Heard, type Tabs } from '../shared/tabs.js';

export type OwnMessage = { readonly k: 'own'; readonly call: string; readonly u?: number; readonly t?: number };
export type ZendeskTabs = Tabs<OwnMessage>;
export type ZendeskHeard = Heard<OwnMessage>;

const id = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) > 0);

export const readOwn = (m: Readonly<Record<string, unknown>>): OwnMessage | undefined =>
  m['k'] === 'own' && text(m['call'], 255) && id(m['u']) && id(m['t'])
    ? { k: 'own', call: m['call'], ...(m['u'] !== undefined ? { u: m['u'] as number } : {}), ...(m['t'] !== undefined ? { t: m['t'] as number } : {}) }
    : undefined;

export function zendeskTabs(): ZendeskTabs {
  return connectTabs({
    channel: typeof BroadcastChannel === 'function' ? new BroadcastChannel('cti-zendesk-calls') : undefined,
    locks: navigator.locks,
    log: (text) => console.warn(`[cti-zendesk] ${text}`),
    shown: () => [document.visibilityState === 'visible', document.hasFocus()],
    mark: 'cti-zd1',
    lock: 'cti-zd-tab:',
    read: readOwn,
  });
}
