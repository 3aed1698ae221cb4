import { expect } from '@open-wc/testing';
import { originAllowed, parseAllowList } from './frame-protocol.js';

describe('hub frame allow-list', () => {
  it('keeps exact origins only; wildcards, paths, default ports and "*" widen nothing', () => {
    const { origins, ignored } = parseAllowList(' https://crm.example,http://localhost:8080  https://*.example https://crm.example/ * null https://crm.example:443 ftp://x.example crm.example ');
    expect([...origins]).to.deep.equal(['https://crm.example', 'http://localhost:8080']);
    expect(ignored).to.deep.equal(['https://*.example', 'https://crm.example/', '*', 'null', 'https://crm.example:443', 'ftp://x.example', 'crm.example']);
  });

  it('is closed by default: only the frame’s own origin and the listed origins, compared exactly', () => {
    const own = 'https://widgets.example';
    const none = parseAllowList(undefined).origins;
    expect(originAllowed(own, none, own)).to.equal(true);
    expect(originAllowed('https://crm.example', none, own)).to.equal(false);
    const list = parseAllowList('https://crm.example').origins;
    expect(originAllowed('https://crm.example', list, own)).to.equal(true);
    for (const other of ['https://crm.example:8443', 'http://crm.example', 'https://evil.crm.example', 'https://crm.example.evil', 'null']) {
      expect(originAllowed(other, list, own), other).to.equal(false);
    }
    expect(originAllowed('null', none, 'null'), 'an opaque origin never passes').to.equal(false);
  });
});
