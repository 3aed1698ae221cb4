import { expect } from '@open-wc/testing';
import { widgetSettings } from './settings.js';
import { taskLinks } from './bridge.js';
import { loadMessages, message } from './messages.js';

describe('Salesforce call center settings → widget configuration', () => {
  it('reads the ctiWidget section of getCallCenterSettings', () => {
    const { settings, problems } = widgetSettings({
      '/reqGeneralInfo/reqAdapterUrl': 'https://w.example.com/cti/salesforce/softphone.html',
      '/ctiWidget/vendor': 'Tactium',
      '/ctiWidget/vendor/label': 'Vendor',
      '/ctiWidget/server': ' wss://relay.example.com:6080/?token=tactium ',
      '/ctiWidget/options': '{"role":"supervisor","defaultDdd":"48"}',
      '/ctiWidget/locale': 'es',
      '/ctiWidget/format': '',
    });
    expect(problems).to.deep.equal([]);
    expect(settings).to.deep.equal({ vendor: 'tactium', server: 'wss://relay.example.com:6080/?token=tactium', locale: 'es', options: { role: 'supervisor', defaultDdd: '48' } });
  });

  it('says what is missing or wrong, and never passes a credential on', () => {
    expect(widgetSettings({ '/ctiWidget/vendor': 'avaya' })).to.deep.equal({
      problems: [
        { kind: 'missing', item: 'vendor' },
        { kind: 'missing', item: 'server' },
      ],
    });
    const r = widgetSettings({
      '/ctiWidget/vendor': 'neon',
      '/ctiWidget/server': 'ws://localhost:15070/',
      '/ctiWidget/password': 'x',
      '/ctiWidget/options': '{"credentials":{"user":"a","password":"b"},"autodisconnect":false,"apiSecret":"s"}',
    });
    expect(r.settings).to.deep.equal({ vendor: 'neon', server: 'ws://localhost:15070/', options: { autodisconnect: false } });
    expect(r.problems).to.deep.equal([
      { kind: 'credential-dropped', item: 'password' },
      { kind: 'credential-dropped', item: 'options.credentials' },
      { kind: 'credential-dropped', item: 'options.apiSecret' },
    ]);
    expect(widgetSettings({ '/ctiWidget/vendor': 'interact', '/ctiWidget/server': 'https://x', '/ctiWidget/options': '[1]' }).problems).to.deep.equal([{ kind: 'bad-options' }]);
  });

  it('takes credentialsApex as Class.method (a place to get credentials, not one)', () => {
    const base = { '/ctiWidget/vendor': 'neon', '/ctiWidget/server': 'ws://localhost:15070/' };
    const r = widgetSettings({ ...base, '/ctiWidget/credentialsApex': 'CtiIntegration.credentials' });
    expect(r.problems).to.deep.equal([]);
    expect(r.settings?.credentialsApex).to.equal('CtiIntegration.credentials');
    const bad = widgetSettings({ ...base, '/ctiWidget/credentialsApex': 'crm:secret' });
    expect(bad.problems).to.deep.equal([{ kind: 'bad-apex' }]);
    expect(bad.settings).to.not.have.property('credentialsApex');
  });

  it('links a Task to a contact or lead (WhoId) or to any other record (WhatId)', () => {
    expect(taskLinks({ recordId: '003A', objectType: 'Contact' })).to.deep.equal({ WhoId: '003A' });
    expect(taskLinks({ recordId: '00QA', objectType: 'Lead' })).to.deep.equal({ WhoId: '00QA' });
    expect(taskLinks({ recordId: '500A', objectType: 'Case' })).to.deep.equal({ WhatId: '500A' });
    expect(taskLinks({ recordId: '001A', objectType: 'Account', accountId: '001A', contactId: '003P' })).to.deep.equal({ WhoId: '003P', WhatId: '001A' });
    expect(taskLinks(undefined)).to.deep.equal({});
  });

  it('has every text in pt-BR (default), en and es (those two loaded on demand)', async () => {
    expect(message(undefined, 'task.inbound', { number: '4833334444' })).to.equal('Chamada recebida 4833334444');
    await loadMessages('en-US');
    expect(message('en-US', 'task.missed', { number: '1' })).to.equal('Missed call 1');
    expect(message('es', 'agent.change')).to.equal('Cambiar agente');
    expect(message('fr', 'agent.agent')).to.equal('Agente');
  });
});
