import { expect } from '@open-wc/testing';
import { translator, zendeskCatalogs, zendeskLocale } from './i18n.js';
import { describeFailure } from './notices.js';
import { isTrustedZendeskOrigin, parseOrigin } from './origin.js';
import { parseSettings, SettingError } from './settings.js';
import { callBody, callSubject, formatDuration } from './summary.js';
import { formatDuration as widgetDuration } from '../../i18n/index.js';

describe('Zendesk app: trusted parent origins', () => {
  it('accepts https://<one subdomain>.zendesk.com only', () => {
    for (const ok of ['https://acme.zendesk.com', 'https://acme-br.zendesk.com', 'https://a1.zendesk.com/']) expect(isTrustedZendeskOrigin(ok), ok).to.equal(true);
    for (const bad of [
      'http://acme.zendesk.com',
      'https://zendesk.com',
      'https://acme.zendesk.com.evil.example',
      'https://evil.example/acme.zendesk.com',
      'https://acme.zendesk.com:8443',
      'https://a.b.zendesk.com',
      'https://user:pw@acme.zendesk.com',
      'https://acme.zendesk.com/agent',
      'https://acme.zendesk.com?x=1',
      'https://-acme.zendesk.com',
      'javascript:alert(1)',
      'null',
      '',
      undefined,
    ]) {
      expect(isTrustedZendeskOrigin(bad), String(bad)).to.equal(false);
    }
  });

  it('accepts an allow-listed origin exactly (no wildcard, no prefix match)', () => {
    const list = ['http://127.0.0.1:5173', 'https://zendesk.example.com'];
    expect(isTrustedZendeskOrigin('http://127.0.0.1:5173', list)).to.equal(true);
    expect(isTrustedZendeskOrigin('https://zendesk.example.com', list)).to.equal(true);
    expect(isTrustedZendeskOrigin('http://127.0.0.1:5174', list)).to.equal(false);
    expect(isTrustedZendeskOrigin('https://zendesk.example.com.evil.example', list)).to.equal(false);
    expect(parseOrigin('HTTPS://ACME.zendesk.com')).to.equal('https://acme.zendesk.com');
  });
});

describe('Zendesk app: settings', () => {
  it('reads vendor, server, options and the call log mode', () => {
    expect(parseSettings({ vendor: 'Interact', server: 'https://pbx.example.com:8582/interact_cti/v1.0', options: '{"format":"xml","expires":600}', callLog: 'ticket' })).to.deep.equal({
      vendor: 'interact',
      server: 'https://pbx.example.com:8582/interact_cti/v1.0',
      options: { format: 'xml', expires: 600 },
      callLog: 'ticket',
    });
    expect(parseSettings({ vendor: 'neon', server: 'ws://localhost:15070/' }).callLog).to.equal('note');
  });

  it('names the wrong setting, and refuses credentials in options', () => {
    const failure = (raw: Record<string, unknown>) => {
      try {
        parseSettings(raw);
      } catch (e) {
        return e as SettingError;
      }
      throw new Error('accepted');
    };
    expect(failure({ vendor: 'avaya', server: 'https://x' }).setting).to.equal('vendor');
    expect(failure({ vendor: 'interact', server: 'ftp://x' }).setting).to.equal('server');
    expect(failure({ vendor: 'interact', server: 'https://x', options: '{bad' }).setting).to.equal('options');
    expect(failure({ vendor: 'interact', server: 'https://x', options: '[1]' }).setting).to.equal('options');
    expect(failure({ vendor: 'catix', server: 'wss://r/?token=catix', options: '{"password":"x"}' }).message).to.contain('no credentials');
    expect(failure({ vendor: 'interact', server: 'https://x', callLog: 'always' }).setting).to.equal('callLog');
  });
});

describe('Zendesk app: call summary and texts', () => {
  it('writes number, direction, answered, duration, vendor, call id, service and data as plain text', () => {
    const t = translator('en');
    const call = { callId: 'c-9', direction: 'outbound' as const, number: '4830001234', name: '<b>Ana</b>', service: 'Vendas', answered: true, talkMs: 3_725_000, data: { crm: 'ACC-1' }, vendor: 'catix' };
    expect(callSubject(call, t)).to.equal('Outbound call: 4830001234');
    expect(callBody(call, t).split('\n')).to.deep.equal([
      'Number: 4830001234 (<b>Ana</b>)',
      'Direction: Outbound',
      'Answered: yes',
      'Duration: 1:02:05',
      'Phone system: catix',
      'Call ID: c-9',
      'Service: Vendas',
      '',
      'Call data:',
      '- crm: ACC-1',
    ]);
    expect(formatDuration(undefined)).to.equal('0:00');
    expect(formatDuration(61_400)).to.equal('1:01');
  });

  it("the note's duration is the widget's: whole seconds truncated (2:05.9 is 2:05), h:mm:ss from an hour", () => {
    expect(formatDuration(125_900)).to.equal('2:05');
    expect(formatDuration(3_599_999)).to.equal('59:59');
    for (const ms of [0, 999, 1_000, 59_500, 125_900, 599_999, 3_599_999, 3_600_000, 3_725_500, 36_061_999, -4_000]) {
      expect(formatDuration(ms), String(ms)).to.equal(widgetDuration(ms));
    }
  });

  it('has every text in pt-BR, en and es; pt-BR by default', () => {
    const keys = Object.keys(zendeskCatalogs['pt-BR']).sort();
    expect(Object.keys(zendeskCatalogs.en).sort()).to.deep.equal(keys);
    expect(Object.keys(zendeskCatalogs.es).sort()).to.deep.equal(keys);
    expect([zendeskLocale('pt-BR'), zendeskLocale('en-US'), zendeskLocale('es-419'), zendeskLocale('de'), zendeskLocale(undefined)]).to.deep.equal(['pt-BR', 'en', 'es', 'pt-BR', 'pt-BR']);
  });

  it('describes ZAF failures: errors, jqXHR-like responses, strings', () => {
    expect(describeFailure(new Error('Timeout when invoking "popover"'))).to.equal('Timeout when invoking "popover"');
    expect(describeFailure({ status: 403, statusText: 'Forbidden', responseText: '{"error":"Forbidden","description":"no TPE"}' })).to.equal('403 Forbidden: no TPE');
    expect(describeFailure({ status: 0, statusText: 'error', responseText: '' })).to.equal('0 error');
    expect(describeFailure('nope')).to.equal('nope');
  });
});
