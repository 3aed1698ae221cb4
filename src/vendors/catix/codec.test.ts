/**
 * The Catix codec: pure functions, no socket. Lines are the public documentation's examples (fixtures/), the
 * published defects, and fuzzed input through the real decoder and line framer.
 */
import { expect } from '@open-wc/testing';
import { StreamDecoder } from '../relay/decoder.js';
import { LineFramer } from '../relay/framing-lines.js';
import { prng, randomBytes, randomSplits, splitInvariant, utf8, type Pushable } from '../relay/test-support.js';
import {
  INVALID_CREDENTIALS,
  agentStatus,
  attributes,
  brDateTime,
  callFields,
  catixError,
  decodeLine,
  dialString,
  digits,
  encodeCommand,
  encodeKeepAlive,
  hmsSeconds,
  htmlToText,
  isPostCallPause,
  pauseDetails,
  pauseReasons,
  preview,
  queues,
  statusPhase,
  transferTargets,
  type CatixMessage,
  type ListReading,
} from './codec.js';

const NOW = 1_700_000_000_000;

async function fixture(name: string): Promise<string> {
  const res = await fetch(new URL(`./fixtures/${name}`, import.meta.url));
  if (!res.ok) throw new Error(`fixture ${name}: ${res.status}`);
  return res.text();
}
const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

/** The items of a list reading that must be a list. */
function items<T>(reading: ListReading<T>): T[] {
  if (reading.kind !== 'list') throw new Error(`expected a list, got ${JSON.stringify(reading)}`);
  return reading.items;
}

function answer(m: CatixMessage): Extract<CatixMessage, { kind: 'answer' }> {
  if (m.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(m)}`);
  return m;
}
function event(m: CatixMessage): Extract<CatixMessage, { kind: 'event' }> {
  if (m.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(m)}`);
  return m;
}

describe('Catix codec: the documented messages', () => {
  let documented: string[];
  before(async () => {
    documented = lines(await fixture('documented.jsonl'));
  });

  it('decodes every documented example to the right kind', () => {
    const kinds = documented.map((l) => {
      const m = decodeLine(l);
      return m.kind === 'event' ? m.name : m.kind;
    });
    expect(kinds).to.deep.equal([
      ...Array(11).fill('answer'),
      'error',
      'AGENT_LOGIN',
      'AGENT_LOGOFF',
      'AGENT_PAUSED',
      'AGENT_UNPAUSED',
      'AGENT_COMPLETE',
      'DIALING',
      'ANSWER',
      'HANGUP',
      'AGENT_RECEIVED_DIALER_CALL',
      'SCHEDULED_CALL_COMING',
      'SCHEDULED_CALL_ANSWER',
    ]);
  });

  it('STATUS_AGENTE: every documented status maps to a phase; tempo, obs (HTML → text) and "-" read', () => {
    const statuses = documented.slice(0, 6).map((l) => agentStatus(answer(decodeLine(l)).data));
    expect(statuses.map((s) => [s.status, s.phase, s.call ?? null])).to.deep.equal([
      ['Disponível', 'ready', null],
      ['Discando', 'busy', 'dialing'],
      ['Em ligação', 'busy', 'active'],
      ['Em ligação', 'busy', 'active'],
      ['Pausado', 'paused', null],
      ['Pós Atendimento', 'after-call', null],
    ]);
    expect(statuses[0]).to.deep.equal({ status: 'Disponível', phase: 'ready', name: 'Agente 200', agentId: '13', extension: '200' });
    expect(statuses[1]).to.include({ number: '(17) 99149-1234', seconds: 5, note: 'Tipo Ligação: Sainte Tronco: 170017 Tipo de Número: Móvel DDD' });
    expect(statuses[3]!.note).to.equal('Tipo Ligação: Preditivo Tronco: 170017 Tipo de Número: Móvel DDD Campanha: teste Contato: Contato 75');
    expect(statuses[4]).to.include({ seconds: 15 * 60 + 7, note: 'Motivo: Almoço - Obs: Observação que o usuário digitou' });
  });

  it('BUSCAR_TIPOS_PAUSA (exigeObs → requiresNote), BUSCAR_OPCOES_TRANSFERENCIA, BUSCAR_FILAS', () => {
    expect(items(pauseReasons(answer(decodeLine(documented[6]!)).data))).to.deep.equal([
      { id: '1', name: 'Almoço' },
      { id: '2', name: 'Outra tarefa', requiresNote: true },
    ]);
    expect(items(transferTargets(answer(decodeLine(documented[7]!)).data)).map((t) => `${t.id}:${t.name}`)).to.deep.equal([
      '2:100', '3:101', '5:102', '6:103', '7:500', '15:123',
    ]);
    expect(items(queues(answer(decodeLine(documented[8]!)).data))).to.deep.equal([
      { id: '154', name: 'RECEPCAO' },
      { id: '155', name: 'COBRANCA_GERAL' },
    ]);
  });

  it('answers without tipo (INFORMACAO_PAUSA, STATUS_SERVIDOR) are answers; the pause information is read', () => {
    const info = answer(decodeLine(documented[9]!));
    expect(info.messageId).to.equal('1');
    expect(pauseDetails(info.data)).to.deep.equal({
      id: '3', name: 'Almoço', description: 'Pausa para o almoço', limitMinutes: 60, elapsedSeconds: 500,
      note: 'Vou demorar mais no almoço pois vou ao banco',
    });
    expect(answer(decodeLine(documented[10]!)).data['versao']).to.equal('1.1');
  });

  it('ERRO: code and text, mapped to a typed error', () => {
    const m = decodeLine(documented[11]!);
    expect(m).to.deep.equal({ kind: 'error', messageId: '1', code: '9999', text: 'Agente não encontrado no sistema' });
    expect(catixError('9999', 'Agente não encontrado no sistema', 'dial', NOW)).to.deep.equal({
      code: 'command-failed', at: NOW, operation: 'dial', vendorCode: '9999', detail: 'Agente não encontrado no sistema',
    });
    expect(catixError(INVALID_CREDENTIALS, '', 'connect', NOW)).to.deep.equal({ code: 'auth-failed', at: NOW, operation: 'connect', vendorCode: '2000' });
    expect(catixError('2001', 'x', 'connect', NOW).code).to.equal('auth-failed');
    expect(catixError('9000', 'x', 'dial', NOW).code).to.equal('unsupported');
    expect(catixError('1005', 'x', 'redial', NOW).code).to.equal('command-failed');
  });

  it('events: agent, numbers as text, call fields', () => {
    const login = event(decodeLine(documented[12]!));
    expect(login).to.deep.equal({ kind: 'event', name: 'AGENT_LOGIN', agent: '12', data: { 'ramal-agente': '200' } });
    expect(event(decodeLine(documented[13]!)).data).to.deep.equal({});
    expect(event(decodeLine(documented[14]!)).data).to.deep.equal({ idPausa: '1', pausa: 'Almoço', descricao: 'Horário de Almoço', obs: 'Observação qualquer' });
    const dialing = event(decodeLine(documented[17]!));
    expect(callFields(dialing.data)).to.deep.equal({ rl: '5084', linkedRl: '5084', number: '17991762908', originType: 'AGENTE', originName: 'kennedy' });
    const dialer = event(decodeLine(documented[20]!));
    expect(callFields(dialer.data)).to.deep.equal({ rl: '5143', linkedRl: '5141', number: '1712345678' });
    const scheduled = event(decodeLine(documented[21]!));
    expect(scheduled.name).to.equal('SCHEDULED_CALL_COMING');
    expect(scheduled.agent).to.equal(undefined);
    expect(scheduled.data['agendamento-data-hora']).to.equal('08/04/2015 19:13:22');
    const scheduledAnswer = event(decodeLine(documented[22]!));
    expect(callFields(scheduledAnswer.data).number).to.equal('17991234798');
  });
});

describe('Catix codec: defects and bad input', () => {
  it('each published defect is malformed, and the line after it still decodes', async () => {
    const defects = lines(await fixture('defects.txt'));
    expect(defects).to.have.length(4);
    const framer = new LineFramer();
    const stream = defects.map((d) => `${d}\n{"tipo":"KEEP_ALIVE"}\n`).join('');
    const out = framer.push(stream).map((item) => (item.kind === 'line' ? decodeLine(item.line).kind : 'overflow'));
    expect(out).to.deep.equal(['malformed', 'keep-alive', 'malformed', 'keep-alive', 'malformed', 'keep-alive', 'malformed', 'keep-alive']);
  });

  it('shapes that are not Catix messages', () => {
    const cases: [string, string][] = [
      ['[1,2]', 'not a JSON object'],
      ['"OK"', 'not a JSON object'],
      ['null', 'not a JSON object'],
      ['{}', 'no tipo'],
      ['{"tipo":"ACAO","comando":"DISCAR"}', 'unexpected tipo ACAO'],
      ['{"tipo":"EVENT"}', 'event without a name'],
      ['{"tipo":"EVENT","informacao":"  "}', 'event without a name'],
      ['{"tipo":"X"', 'not JSON'],
    ];
    for (const [line, reason] of cases) {
      const m = decodeLine(line);
      expect(m.kind, line).to.equal('malformed');
      expect((m as { reason: string }).reason, line).to.equal(reason);
    }
  });

  it('unknown events, lower-case names, the COMING/COMMING and ASNWER spellings, events without tipo', () => {
    expect(decodeLine('{"tipo":"EVENT","agente":"7","informacao":"AGENT_RINGING"}')).to.deep.equal({ kind: 'unknown-event', name: 'AGENT_RINGING', agent: '7' });
    expect(event(decodeLine('{"tipo":"evento","informacao":" scheduled_call_coming "}')).name).to.equal('SCHEDULED_CALL_COMING');
    expect(event(decodeLine('{"tipo":"EVENT","informacao":"SCHEDULED_CALL_ASNWER"}')).name).to.equal('SCHEDULED_CALL_ANSWER');
    expect(event(decodeLine('{"informacao":"HANGUP","agente":12,"atributos":{"rl":5}}'))).to.deep.equal({
      kind: 'event', name: 'HANGUP', agent: '12', data: { rl: '5' },
    });
    // Without tipo but with the examples' "messageId": "1": still an event, never taken for an answer.
    expect(event(decodeLine('{"informacao":"SCHEDULED_CALL_COMMING","messageId":"1","atributos":{"agendamento-id":"15"}}')).data).to.deep.equal({ 'agendamento-id': '15' });
  });

  it('answers: numeric messageId, NOTIFICACAO carrying an erroCod, ERRO without messageId', () => {
    expect(answer(decodeLine('{"tipo":"NOTIFICACAO","informacao":"OK","messageId":7}')).messageId).to.equal('7');
    expect(decodeLine('{"tipo":"NOTIFICACAO","informacao":"Falhou","erroCod":1004,"messageId":"3"}')).to.deep.equal({
      kind: 'error', messageId: '3', code: '1004', text: 'Falhou',
    });
    expect(decodeLine('{"tipo":"ERRO","informacao":"Mensagem no formato inválido.","erroCod":"9002"}')).to.deep.equal({
      kind: 'error', code: '9002', text: 'Mensagem no formato inválido.',
    });
    expect(decodeLine('{"informacao":"x","erroCod":"2002"}')).to.deep.equal({ kind: 'error', code: '2002', text: 'x' });
    // Empty erroCod (the seed's format example has "erroCod": "") is no error.
    expect(answer(decodeLine('{"tipo":"NOTIFICACAO","informacao":"OK","erroCod":"","messageId":"1"}')).info).to.equal('OK');
  });

  it('tipo spelled as the seed\'s prose (L18: ``Notificação``): accents and case folded', () => {
    expect(answer(decodeLine('{"tipo":"Notificação","informacao":"OK","messageId":"4"}')).messageId).to.equal('4');
    expect(decodeLine('{"tipo":"NOTIFICAÇÃO","informacao":"Falhou","erroCod":"1005","messageId":"5"}')).to.include({ kind: 'error', code: '1005' });
    expect(decodeLine('{"tipo":"Evento","agente":"12","informacao":"AGENT_LOGIN"}')).to.include({ kind: 'event', name: 'AGENT_LOGIN' });
  });

  it('attributes: scalars as text, lists and objects dropped', () => {
    expect(attributes({ a: 1, b: 'x', c: true, d: null, e: [1], f: { g: 1 }, h: Infinity })).to.deep.equal({ a: '1', b: 'x', c: 'true' });
    expect(attributes('x')).to.deep.equal({});
    // A server that sends its map as JSON text.
    expect(attributes('{"rl":"5001","idPausa":1}')).to.deep.equal({ rl: '5001', idPausa: '1' });
    expect(attributes('{broken')).to.deep.equal({});
  });

  it('previews mask credentials and are bounded', () => {
    const p = preview('{"tipo":"ACAO","atributos":{"usuario":"crm","senha":"S3cret!"}');
    expect(p).not.to.contain('S3cret');
    expect(p).to.contain('"senha":"***');
    expect(preview('x'.repeat(500))).to.have.length(121);
  });
});

describe('Catix codec: encoding and text helpers', () => {
  it('encodes commands as one line with the documented field names', () => {
    expect(encodeCommand('LOGAR_SINGLE_USER', { agente: '12', atributos: { usuario: 'zupao', senha: '123456' } }, '1')).to.equal(
      '{"tipo":"ACAO","comando":"LOGAR_SINGLE_USER","agente":"12","atributos":{"usuario":"zupao","senha":"123456"},"messageId":"1"}\n',
    );
    expect(encodeCommand('TRANSFERIR', { agente: '12', destino: 'Ramal', idDestino: '1' }, '9')).to.equal(
      '{"tipo":"ACAO","comando":"TRANSFERIR","agente":"12","destino":"Ramal","idDestino":"1","messageId":"9"}\n',
    );
    expect(encodeCommand('DISCAR', { numeroDiscado: '099123456', agente: '12' })).to.equal(
      '{"tipo":"ACAO","comando":"DISCAR","agente":"12","numeroDiscado":"099123456"}\n',
    );
    // A newline inside a value cannot break the line.
    expect(encodeCommand('PAUSAR', { atributos: { 'pausa-obs': 'a\nb' } }, '2').split('\n')).to.have.length(2);
    expect(encodeKeepAlive()).to.equal('{"tipo":"KEEP_ALIVE"}\n');
  });

  it('htmlToText strips tags, decodes entities, collapses space; never renders', () => {
    expect(htmlToText('<b>Tipo:</b><i> Sainte</i>  <br/>x')).to.equal('Tipo: Sainte x');
    expect(htmlToText('a &lt;script&gt; &amp; &#65;&#x42; &unknown; &nbsp;b')).to.equal('a <script> & AB &unknown; b');
    expect(htmlToText('<img src=x onerror=alert(1)>ok<b')).to.equal('ok');
    expect(htmlToText('&#0; &#99999999;')).to.equal('&#0; &#99999999;');
  });

  it('times, dates, numbers', () => {
    expect(hmsSeconds('00:15:07')).to.equal(907);
    expect(hmsSeconds('1:02:03')).to.equal(3723);
    expect(hmsSeconds('02:03')).to.equal(123);
    expect([hmsSeconds('-'), hmsSeconds(''), hmsSeconds('00:61:00'), hmsSeconds('abc')]).to.deep.equal([undefined, undefined, undefined, undefined]);
    expect(brDateTime('08/04/2015 19:13:22')).to.equal(new Date(2015, 3, 8, 19, 13, 22).getTime());
    expect(brDateTime('8/4/2015 19:13')).to.equal(new Date(2015, 3, 8, 19, 13, 0).getTime());
    expect([brDateTime('31/02/2015 10:00:00'), brDateTime('2015-04-08'), brDateTime('08/13/2015')]).to.deep.equal([undefined, undefined, undefined]);
    expect(dialString(' (17) 99149-1234 ')).to.equal('17991491234');
    expect(dialString('0 17.9914')).to.equal('0179914');
    expect([dialString(''), dialString('abc'), dialString('12;DROP')]).to.deep.equal([undefined, undefined, undefined]);
    expect(digits('(17) 99149-1234')).to.equal('17991491234');
  });

  it('status texts: accents and case folded; undocumented → unknown; post-call pause name', () => {
    expect(statusPhase('DISPONIVEL').phase).to.equal('ready');
    expect(statusPhase(' em  LIGAÇÃO ')).to.deep.equal({ phase: 'busy', call: 'active' });
    expect(statusPhase('Deslogado').phase).to.equal('logged-out');
    expect(statusPhase('Almoçando').phase).to.equal('unknown');
    expect(isPostCallPause('Pós Atendimento')).to.equal(true);
    expect(isPostCallPause('Almoço')).to.equal(false);
  });

  it('payload readers tolerate junk', () => {
    expect(pauseReasons({ pausas: [{ nome: 'sem id' }, 3, null, { id: 4, exigeObs: 'Sim' }] })).to.deep.equal({
      kind: 'list',
      items: [{ id: '4', name: '4', requiresNote: true }],
      skipped: 3,
    });
    expect(queues({ filas: [{ id: '' }, { id: 9, nome: 5 }] })).to.deep.equal({ kind: 'list', items: [{ id: '9', name: '5' }], skipped: 1 });
    expect(pauseDetails({ 'tempo-decorrido': 'x', 'tempo-limite': 'sem limite' })).to.deep.equal({});
    expect(agentStatus({})).to.deep.equal({ status: '', phase: 'unknown' });
  });
});

describe('Catix codec: list attributes (array, JSON text, absent, malformed)', () => {
  const FILAS = [{ id: 154, nome: 'RECEPCAO', tipoFila: 'Ramal' }, { id: '155', nome: 'COBRANCA_GERAL' }];
  const expected = [{ id: '154', name: 'RECEPCAO' }, { id: '155', name: 'COBRANCA_GERAL' }];

  it('a list as a JSON array and as JSON text in a string read the same', () => {
    expect(queues({ filas: FILAS })).to.deep.equal({ kind: 'list', items: expected, skipped: 0 });
    expect(queues({ filas: JSON.stringify(FILAS) })).to.deep.equal({ kind: 'list', items: expected, skipped: 0 });
    expect(queues({ filas: `  ${JSON.stringify(FILAS)}\n` })).to.deep.equal({ kind: 'list', items: expected, skipped: 0 });
    // A whole answer the way a Map<String,String> server sends it, through the line decoder.
    const line = JSON.stringify({ tipo: 'NOTIFICACAO', informacao: 'OK', messageId: '4', atributos: { pausas: JSON.stringify([{ id: 2, nome: 'Outra tarefa', exigeObs: 'true' }]) } });
    expect(items(pauseReasons(answer(decodeLine(line)).data))).to.deep.equal([{ id: '2', name: 'Outra tarefa', requiresNote: true }]);
    expect(items(transferTargets({ ramal: '[{"id":2,"nome":"100"}]' }))).to.deep.equal([{ id: '2', name: '100' }]);
  });

  it('atributos itself as JSON text of a map is read as the map', () => {
    const line = JSON.stringify({ tipo: 'NOTIFICACAO', informacao: 'OK', messageId: '5', atributos: JSON.stringify({ filas: FILAS }) });
    expect(items(queues(answer(decodeLine(line)).data))).to.deep.equal(expected);
  });

  it('an empty list is an empty list; a missing key, null or blank text is "nothing to report" (absent)', () => {
    expect(queues({ filas: [] })).to.deep.equal({ kind: 'list', items: [], skipped: 0 });
    expect(queues({ filas: '[]' })).to.deep.equal({ kind: 'list', items: [], skipped: 0 });
    for (const data of [{}, { filas: null }, { filas: '' }, { filas: '  ' }]) expect(queues(data)).to.deep.equal({ kind: 'absent' });
  });

  it('anything else is malformed with a reason, never an empty list', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ pausas: 'Almoço, Banheiro' }, 'not JSON'],
      [{ pausas: '{"id":1}' }, 'object where a list'],
      [{ pausas: 7 }, 'number where a list'],
      [{ pausas: { 1: 'Almoço' } }, 'object where a list'],
      [{ pausas: true }, 'boolean where a list'],
      [{ pausas: '"[]"' }, 'string where a list'],
      [{ pausas: [1, 'x', null] }, 'none of its 3 entries'],
      [{ pausas: '[{"nome":"sem id"}]' }, 'none of its 1 entries'],
    ];
    for (const [data, reason] of cases) {
      const reading = pauseReasons(data);
      expect(reading.kind, JSON.stringify(data)).to.equal('malformed');
      expect(reading.kind === 'malformed' ? reading.detail : '').to.contain('pausas').and.to.contain(reason);
    }
    // The broken text is previewed with secrets masked.
    const secret = transferTargets({ ramal: '[{"id":1,"senha":"x1"' });
    expect(secret.kind === 'malformed' ? secret.detail : '').to.contain('"senha":"***').and.not.to.contain('x1');
  });
});

describe('Catix codec: fuzz', () => {
  /** Decoder + framer + codec as one pushable, the way a relay connection feeds them. */
  function pipeline(): Pushable<string> {
    const framer = new LineFramer({ maxChars: 4096 });
    return {
      push: (text) => framer.push(text).map((item) => (item.kind === 'line' ? JSON.stringify(decodeLine(item.line)) : 'overflow')),
      get buffered() {
        return framer.buffered;
      },
      maxChars: 4096,
    };
  }

  it('the documented stream decodes the same whole, one unit, one byte at a time and in random splits', async () => {
    const text = await fixture('documented.jsonl');
    const out = splitInvariant(pipeline, text, 4242, 30);
    expect(out).to.have.length(23);
  });

  it('random bytes never throw and every line becomes a message', () => {
    const rand = prng(7);
    const bias = [...utf8('{}[]":,\n\\tipoEVENTKEEP_ALIVE')];
    for (let round = 0; round < 300; round++) {
      const decoder = new StreamDecoder('utf-8');
      const p = pipeline();
      const bytes = randomBytes(rand, 400, bias);
      for (const piece of randomSplits(bytes, rand, 9)) {
        for (const item of p.push(decoder.decode(piece))) expect(item).to.be.a('string');
      }
    }
  });

  it('mutated valid messages never throw and keep a known kind', async () => {
    const documented = lines(await fixture('documented.jsonl'));
    const rand = prng(99);
    const alphabet = '{}[]":,\\ abcAZ09\u00e7\u0000\u2028';
    const kinds = new Set<string>();
    for (let round = 0; round < 2000; round++) {
      let line = documented[Math.floor(rand() * documented.length)]!;
      const edits = 1 + Math.floor(rand() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * line.length);
        const op = rand();
        const ch = alphabet[Math.floor(rand() * alphabet.length)]!;
        line = op < 0.33 ? line.slice(0, at) + line.slice(at + 1) : op < 0.66 ? line.slice(0, at) + ch + line.slice(at) : line.slice(0, at) + ch + line.slice(at + 1);
      }
      const m = decodeLine(line);
      kinds.add(m.kind);
      expect(['answer', 'error', 'keep-alive', 'event', 'unknown-event', 'malformed']).to.include(m.kind);
      if (m.kind === 'answer') {
        pauseReasons(m.data);
        transferTargets(m.data);
        queues(m.data);
        agentStatus(m.data);
        pauseDetails(m.data);
      }
      if (m.kind === 'event') callFields(m.data);
    }
    expect(kinds.has('malformed') && kinds.has('answer') && kinds.has('event')).to.equal(true);
  });
});
