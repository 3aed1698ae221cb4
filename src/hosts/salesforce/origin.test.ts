import { expect } from '@open-wc/testing';
import { allowListFrom, checkSalesforceOrigin, originParam } from './origin.js';

describe('Salesforce origin check', () => {
  it('accepts https Salesforce domains on the default port', () => {
    for (const origin of [
      'https://acme.lightning.force.com',
      'https://acme.my.salesforce.com',
      'https://acme--uat.sandbox.lightning.force.com',
      'https://na1.salesforce.com',
      'https://acme.my.salesforce.com/',
    ]) {
      expect(checkSalesforceOrigin(origin, []), origin).to.deep.equal({ ok: true, origin: origin.replace(/\/$/, '') });
    }
  });

  it('refuses other hosts, http, ports, paths and look-alikes', () => {
    for (const origin of [
      'http://acme.lightning.force.com',
      'https://acme.lightning.force.com:8443',
      'https://force.com.evil.example',
      'https://login.salesforce.com.evil.example',
      'https://evilsalesforce.com',
      'https://acme.lightning.force.com/path',
      'https://acme.lightning.force.com?x=1',
      'https://user@acme.my.salesforce.com',
      'javascript:alert(1)',
      'acme.my.salesforce.com',
    ]) {
      expect(checkSalesforceOrigin(origin, []).ok, origin).to.equal(false);
    }
    expect(checkSalesforceOrigin('', [])).to.deep.equal({ ok: false, reason: 'missing' });
    expect(checkSalesforceOrigin('https://crm.example.com', [])).to.deep.equal({ ok: false, reason: 'not-salesforce' });
  });

  it('accepts exactly the origins of the allow-list (https, or http on loopback)', () => {
    const list = allowListFrom('https://crm.example.com  http://localhost:8001 http://crm.example.com https://x.example.com/path *.example.com');
    expect(list).to.deep.equal(['https://crm.example.com', 'http://localhost:8001']);
    expect(checkSalesforceOrigin('https://crm.example.com', list).ok).to.equal(true);
    expect(checkSalesforceOrigin('https://crm.example.com:444', list).ok).to.equal(false);
    expect(checkSalesforceOrigin('http://localhost:8001', list).ok).to.equal(true);
    expect(checkSalesforceOrigin('http://localhost:8002', list).ok).to.equal(false);
    expect(checkSalesforceOrigin('http://crm.example.com', list).ok).to.equal(false);
  });

  it('reads the parameter whatever its spelling, and refuses two different values', () => {
    expect(originParam('?sfdcIframeOrigin=https%3A%2F%2Fa.my.salesforce.com&mode=Lightning')).to.equal('https://a.my.salesforce.com');
    expect(originParam('?sfdcIFrameOrigin=https://a.my.salesforce.com')).to.equal('https://a.my.salesforce.com');
    expect(originParam('?x=1')).to.equal(null);
    expect(originParam('?sfdcIframeOrigin=https://a.my.salesforce.com&sfdcIFrameOrigin=https://evil.example')).to.deep.equal({ ambiguous: true });
  });
});
