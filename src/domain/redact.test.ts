import { expect } from '@open-wc/testing';
import { isSecretKey, MASK, redact, redactError } from './redact.js';

/** A password with a blank, quotes, a comma and braces: every old mask stopped somewhere inside it. */
const P = `Zq9 "Wx,7}{'`;
/** Pieces of P that must not survive (any of them showing means a partial leak). */
const PIECES = ['Zq9', 'Wx,7', '7}{'];

function expectNoSecret(text: string): void {
  for (const piece of PIECES) expect(text, text).not.to.include(piece);
}

describe('redact', () => {
  it('masks a JSON string value whole, escaped quotes included', () => {
    const out = redact(JSON.stringify({ user: 'crm', password: P, x: 1 }));
    expect(out).to.equal('{"user":"crm","password":"***","x":1}');
  });

  it('masks every secret key spelling: senha, pin, digits, token, secret, authorization, credentials, key', () => {
    const body = { senha: P, pin: P, digits: P, token: P, secret: P, authorization: P, credentials: P, credential: P, key: P, agente: '1001' };
    const out = redact(JSON.stringify(body));
    expectNoSecret(out);
    expect(JSON.parse(out)).to.deep.equal({ ...Object.fromEntries(Object.keys(body).map((k) => [k, MASK])), agente: '1001' });
  });

  it('reads the words of a key: camelCase, snake_case, dashes, upper case', () => {
    for (const k of ['sipPassword', 'senhaIntegracao', 'api_key', 'X-Api-Key', 'PIN', 'PINCode', 'accessToken', 'Digits', 'DTMF']) expect(isSecretKey(k), k).to.equal(true);
    for (const k of ['agent', 'usuario', 'messageId', 'spinner', 'keyboard', 'Digit', 'monkey', 'tokens2x', 'informacao']) expect(isSecretKey(k), k).to.equal(false);
  });

  it('masks JSON text inside a JSON string (escaped keys and quotes), one and two levels deep', () => {
    const once = JSON.stringify({ atributos: JSON.stringify({ usuario: 'crm', senha: P }) });
    expect(redact(once)).to.equal(JSON.stringify({ atributos: JSON.stringify({ usuario: 'crm', senha: MASK }) }));
    const twice = JSON.stringify({ a: JSON.stringify({ b: JSON.stringify({ password: P, n: 2 }) }) });
    expect(redact(twice)).to.equal(JSON.stringify({ a: JSON.stringify({ b: JSON.stringify({ password: MASK, n: 2 }) }) }));
  });

  it('masks a bare JSON value and single-quoted values', () => {
    expect(redact('{"pin": 1234, "b": 2}')).to.equal('{"pin": ***, "b": 2}');
    expect(redact(`{'password': 'a b, c', 'agent': 'x'}`)).to.equal(`{'password': '***', 'agent': 'x'}`);
  });

  it('masks an unterminated value to the end (a cut preview, a broken frame)', () => {
    expect(redact('{"action":"authenticate","password":"Zq9 \\"Wx,7')).to.equal('{"action":"authenticate","password":"***');
    expect(redact('{"senha":')).to.equal('{"senha":');
  });

  it('masks key=value to the end of the line, and a URL query parameter to the next &', () => {
    expect(redact(`login failed (password=${P}) at 10:00\nnext line`)).to.equal('login failed (password=***\nnext line');
    expect(redact('GET /agent/login?agent=1001&password=Zq9%20Wx&branch=2001 400')).to.equal('GET /agent/login?agent=1001&password=***&branch=2001 400');
    // A session key (vendor|server|agent) keeps its agent after a relay URL's token.
    expect(redact('catix|ws://relay:6080/?token=catix-1|1001: Catix: login failed')).to.equal('catix|ws://relay:6080/?token=***|1001: Catix: login failed');
  });

  it('masks Key: Value lines (DGPhone packets) and keeps the other lines', () => {
    const packet = `Action: DGPhoneCommand\r\nCommand: SendDtmf\r\nDigits: ${P}\r\nUser: 2001\r\n\r\n`;
    expect(redact(packet)).to.equal('Action: DGPhoneCommand\r\nCommand: SendDtmf\r\nDigits: ***\r\nUser: 2001\r\n\r\n');
    expect(redact('Message: wrong; PIN: 12 34')).to.equal('Message: wrong; PIN: ***');
  });

  it('masks XML elements and attributes (Interact XML bodies)', () => {
    const body = `<?xml version="1.0"?><request><agent>1001</agent><password>${P}</password><branch>2001</branch></request>`;
    expect(redact(body)).to.equal('<?xml version="1.0"?><request><agent>1001</agent><password>***</password><branch>2001</branch></request>');
    expect(redact(`<login agent="1001" senha='${P.replace(/'/g, '&apos;')}' branch="2001"/>`)).to.equal(`<login agent="1001" senha='***' branch="2001"/>`);
    expect(redact(`<ns:password>${P}`)).to.equal('<ns:password>***');
    expect(redact('<password/><agent>1</agent>')).to.equal('<password/><agent>1</agent>');
  });

  it('masks a Bearer token and an Authorization header', () => {
    expect(redact('sent Bearer eyJhbGciOi.J9x-_ and got 401')).to.equal('sent Bearer *** and got 401');
    expect(redact('Authorization: Bearer eyJhbGciOi.J9x\r\nHost: x')).to.equal('Authorization: ***\r\nHost: x');
  });

  it('keeps non-secret diagnostics as they are', () => {
    const lines = [
      'interact|http://127.0.0.1:8582/interact_cti/v1.0|1001: connection opened',
      'login: auth-failed (HTTP 400: command_failed: wrong agent or password)',
      'Catix: unreadable line (not JSON): {"tipo":"NOTIFICACAO","informacao":"OK"',
      'authenticate answered without a token',
      'illegal transition: agent logged-out + call-offered (no session)',
      'Catix: ERRO 2000: Usuário ou senha inválidos',
    ];
    for (const line of lines) expect(redact(line)).to.equal(line);
  });

  it('is idempotent', () => {
    const once = redact(`{"password":"${P.replace(/"/g, '\\"')}"} token: abc; Digits: 1`);
    expect(redact(once)).to.equal(once);
  });

  it('redactError masks only the detail and keeps the same object when nothing is secret', () => {
    const error = { code: 'auth-failed' as const, at: 1, operation: 'login', detail: `password: ${P}` };
    expect(redactError(error)).to.deep.equal({ ...error, detail: 'password: ***' });
    const clean = { code: 'timeout' as const, at: 1, detail: 'no answer in 5 s' };
    expect(redactError(clean)).to.equal(clean);
  });

  it('stays linear on hostile input', () => {
    const hostile = ['"a":'.repeat(50_000), '\\'.repeat(100_000) + '"', '<a '.repeat(50_000), '"password":"' + '\\"'.repeat(50_000), 'pin='.repeat(50_000)];
    const started = performance.now();
    for (const text of hostile) redact(text);
    expect(performance.now() - started).to.be.below(1000);
  });
});
