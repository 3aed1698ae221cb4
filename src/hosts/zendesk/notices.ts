/**
 * What the app says next to the widget: one status line (`role="status"`, polite: who called, which ticket
 * opened, where the call was logged) and the errors from Zendesk (`role="alert"`, each dismissable). Text only.
 */
import type { Translate } from './i18n.js';

export class Notices {
  readonly element: HTMLElement;
  readonly #status: HTMLElement;
  readonly #alerts: HTMLElement;
  readonly #t: Translate;

  constructor(doc: Document, t: Translate) {
    this.#t = t;
    this.element = doc.createElement('section');
    this.element.className = 'zd-notices';
    this.element.setAttribute('aria-label', 'Zendesk');
    this.#status = doc.createElement('p');
    this.#status.className = 'zd-status';
    this.#status.setAttribute('role', 'status');
    this.#alerts = doc.createElement('ul');
    this.#alerts.className = 'zd-alerts';
    this.element.append(this.#status, this.#alerts);
  }

  status(text: string): void {
    this.#status.textContent = text;
  }

  /** An error, shown (with a Dismiss button) and logged to the console; never thrown. */
  alert(text: string, cause?: unknown): void {
    console.warn(`[cti-zendesk] ${text}`, cause ?? '');
    const doc = this.element.ownerDocument;
    const item = doc.createElement('li');
    item.className = 'zd-alert';
    const message = doc.createElement('p');
    message.setAttribute('role', 'alert');
    message.textContent = text;
    const dismiss = doc.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'zd-dismiss';
    dismiss.textContent = this.#t('dismiss');
    dismiss.addEventListener('click', () => item.remove());
    item.append(message, dismiss);
    this.#alerts.append(item);
    // At most three at a time: the oldest go.
    while (this.#alerts.children.length > 3) this.#alerts.firstElementChild?.remove();
  }

  get alerts(): string[] {
    return [...this.#alerts.querySelectorAll('[role="alert"]')].map((a) => a.textContent ?? '');
  }
}

/** A readable message for anything a ZAF call rejects with (an Error, a jqXHR-like response, a string). */
export function describeFailure(failure: unknown): string {
  if (failure instanceof Error) return failure.message || failure.name;
  if (typeof failure === 'string') return failure;
  if (failure && typeof failure === 'object') {
    const f = failure as { status?: unknown; statusText?: unknown; responseText?: unknown; message?: unknown; msg?: unknown };
    if (typeof f.status === 'number') {
      let detail = typeof f.statusText === 'string' ? f.statusText : '';
      if (typeof f.responseText === 'string') {
        try {
          const body = JSON.parse(f.responseText) as { error?: unknown; description?: unknown };
          const more = [body.error, body.description].filter((x) => typeof x === 'string').join(': ');
          if (more) detail = more;
        } catch {
          // not JSON: the status says enough
        }
      }
      return `${f.status}${detail ? ` ${detail}` : ''}`.slice(0, 300);
    }
    if (typeof f.message === 'string') return f.message;
    if (typeof f.msg === 'string') return f.msg;
  }
  return String(failure).slice(0, 300);
}
