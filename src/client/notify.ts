/**
 * Desktop notifications for a ringing call while the page is hidden.
 *
 * Permission is asked only from a user gesture (`askPermission`, called by `<cti-provider notifications>` on the
 * page's first click or key press), never on load. A notification is shown only when it was granted; its text is
 * set as text (the Notification API renders no markup). Clicking it focuses the tab and calls `onClick`.
 */

export interface RingNotification {
  /** One notification per call: a second one for the same call replaces the first. */
  readonly tag: string;
  readonly title: string;
  readonly body: string;
  readonly onClick: () => void;
}

function api(): typeof Notification | undefined {
  return typeof Notification === 'function' ? Notification : undefined;
}

/** From a user gesture: ask once (only while the browser has not been told yes or no). */
export async function askPermission(): Promise<NotificationPermission | undefined> {
  const N = api();
  if (!N) return undefined;
  if (N.permission !== 'default') return N.permission;
  try {
    return await N.requestPermission();
  } catch {
    return N.permission;
  }
}

/** Show it when permission was granted; returns the notification (to close it when the call stops ringing). */
export function showRing(ring: RingNotification): Notification | undefined {
  const N = api();
  if (!N || N.permission !== 'granted') return undefined;
  try {
    const notification = new N(ring.title, { body: ring.body, tag: ring.tag, requireInteraction: true });
    notification.onclick = () => {
      try {
        window.focus();
      } catch {
        /* focus refused */
      }
      notification.close();
      ring.onClick();
    };
    return notification;
  } catch {
    // Some browsers allow notifications only from a service worker: nothing is shown, said nowhere else.
    return undefined;
  }
}
