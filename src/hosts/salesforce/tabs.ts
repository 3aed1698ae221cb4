/**
 * The softphones of one Salesforce window talk to each other (one softphone frame per browser tab, same widget
 * origin, same top-level site): which tab logs which call as which Task, so that when that tab goes away mid-call
 * a surviving one finishes the Task (bridge.ts). The channel, the claims, the Web Lock liveness and the message
 * checks are the hosts' shared ones (../shared/tabs.ts); Salesforce adds its `task` message (a call's Task id:
 * a Salesforce record id, not a secret).
 */
import * as shared from '../shared/tabs.js';

export type { ChannelLike, LocksLike } from '../shared/tabs.js';

/** This tab logs `call` as Task `task` (on creation, to a `hello`, and when it adopted it). */
export type TaskMessage = { readonly k: 'task'; readonly call: string; readonly task: string };
/** What a tab tells the others (each with its `tab`). */
export type TabMessage = shared.CommonMessage | TaskMessage;
export type Received = shared.Received<TaskMessage>;
export type Heard = shared.Heard<TaskMessage>;
export type Tabs = shared.Tabs<TaskMessage>;
export type TabsOptions = Omit<shared.TabsOptions<TaskMessage>, 'mark' | 'lock' | 'read'>;

const CTI = 'cti-sf1';
/** A Salesforce record id: 15 or 18 letters and digits. */
const RECORD = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

const readTask = (m: Readonly<Record<string, unknown>>): TaskMessage | undefined =>
  m['k'] === 'task' && shared.text(m['call'], 255) && typeof m['task'] === 'string' && RECORD.test(m['task']) ? { k: 'task', call: m['call'], task: m['task'] } : undefined;

/** The message as sent by another softphone, or undefined when it is not one, whole and well formed. */
export const readMessage = (data: unknown): Received | undefined => shared.readMessage(data, CTI, readTask);

export const connectTabs = (options: TabsOptions): Tabs => shared.connectTabs({ ...options, mark: CTI, lock: 'cti-sf-tab:', read: readTask });
