// Malformed-frame previews (Catix lines, NEON frames) never show any piece of a secret: the old masks stopped at
// blanks, commas, quotes or escaped quotes and missed `senha`-like keys other than their short lists.
import { expect } from '@open-wc/testing';
import { decodeLine, preview as catixPreview } from './catix/codec.js';
import { decodeFrame } from './neon/codec.js';

const P = `Zq9 "Wx,7}{'`;
const PIECES = ['Zq9', 'Wx', '7}{'];

function expectClean(text: string): void {
  for (const piece of PIECES) expect(text, text).not.to.include(piece);
}

/** Broken lines that carry the secret in every form a server could echo it. */
const LINES = [
  // Not JSON (unterminated), the value at the end.
  `{"tipo":"ACAO","atributos":{"usuario":"crm","senha":${JSON.stringify(P)}`,
  // Not JSON, the secret as JSON text inside a string (escaped quotes).
  `{"atributos":${JSON.stringify(JSON.stringify({ usuario: 'crm', senha: P }))},`,
  // Valid JSON without tipo: no messageId, no event name.
  JSON.stringify({ informacao: 'x', atributos: { password: P, pin: P, token: P } }),
  // Unexpected tipo.
  JSON.stringify({ tipo: 'ECO', atributos: { authorization: `Bearer ${P}`, credentials: P } }),
  // key=value and Key: Value text.
  `senha=${P}`,
  `Digits: ${P}`,
];

describe('secrets in malformed-frame previews', () => {
  it('Catix: a broken line shows no piece of a password with blanks, quotes, commas and braces', () => {
    for (const line of LINES) {
      const m = decodeLine(line);
      expect(m.kind, line).to.equal('malformed');
      if (m.kind === 'malformed') expectClean(m.preview);
    }
  });

  it('Catix: the preview masks whole values and keeps what is not secret', () => {
    expect(catixPreview(`{"tipo":"ACAO","atributos":{"usuario":"crm","senha":${JSON.stringify(P)}}}`)).to.equal(
      '{"tipo":"ACAO","atributos":{"usuario":"crm","senha":"***"}}',
    );
    // A value cut by the preview's bound is masked to the end.
    const long = `{"tipo":"ACAO","x":"${'a'.repeat(95)}","senha":${JSON.stringify(P)}}`;
    const p = catixPreview(long);
    expectClean(p);
    expect(p).to.have.length.at.most(121);
  });

  it('NEON: a broken frame shows no piece of the application or SIP password', () => {
    const frames = [
      `{"action":"authenticate","user":"crm","password":${JSON.stringify(P)}`,
      `{"action":"sipregister","number":"2001","password":${JSON.stringify(P)},"token":"abc"`,
      JSON.stringify({ password: P, token: P }),
      JSON.stringify({ data: JSON.stringify({ password: P }) }),
      `{"note":"Authorization: Bearer abc.def","password":${JSON.stringify(P)}`,
    ];
    for (const text of frames) {
      const f = decodeFrame(text);
      expect(f.kind, text).to.equal('malformed');
      if (f.kind === 'malformed') {
        expectClean(f.reason);
        expect(f.reason).not.to.include('abc');
      }
    }
  });
});
