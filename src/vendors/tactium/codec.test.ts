/** The Tactium codec and input rules: the seed's examples, every message kind, fuzz through decoder + framer. */
import { expect } from '@open-wc/testing';
import { StreamDecoder } from '../relay/decoder.js';
import { DollarFramer } from '../relay/framing-dollar.js';
import { decodePieces, oneByOne, prng, randomBytes, randomSplits, splitInvariant, utf8 } from '../relay/test-support.js';
import * as TactiumCommand from './commands.js';
import {
  callData,
  callService,
  callSignature,
  decodeFields,
  decodeItem,
  encodeMessage,
  fieldProblem,
  joinNumber,
  parseAttachInfo,
  remoteNumber,
  replyWords,
  sameLogin,
  statusPhase,
  type TactiumCall,
  type TactiumMessage,
} from './codec.js';
import { callbackInput, callbackWhen, dialInput, isDialProblem, pauseInput, parseAgentList, parsePauseReasons, splitDialNumber } from './codec-input.js';

/** Frame `text` and decode every item. */
function decodeAll(text: string): TactiumMessage[] {
  return new DollarFramer().push(text).map(decodeItem);
}
function one(text: string): TactiumMessage {
  const all = decodeAll(text);
  expect(all, text).to.have.length(1);
  return all[0]!;
}
function callOf(text: string): TactiumCall {
  const m = one(text);
  if (m.kind !== 'call') throw new Error(`not a call: ${JSON.stringify(m)}`);
  return m.call;
}

async function seedExamples(): Promise<{ direction: string; section: string; message: string }[]> {
  const res = await fetch(new URL('./fixtures/seed-examples.txt', import.meta.url));
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const m = /^(in|out)\s+(\S+)\s+(.*)$/.exec(l)!;
      return { direction: m[1]!, section: m[2]!, message: m[3]!.trim() };
    });
}

describe('Tactium codec', () => {
  describe('the seed examples', () => {
    it('every outgoing example is exactly what the command builders produce', async () => {
      const built = new Set([
        TactiumCommand.bind('jose'),
        TactiumCommand.logoff('jose'),
        TactiumCommand.pause('jose', '1'),
        TactiumCommand.resume('jose'),
        TactiumCommand.endAfterCall('jose'),
        TactiumCommand.status('jose'),
        TactiumCommand.callback('jose', '17/08/2010 15:00', '', 'jose'),
        TactiumCommand.callback('jose', '17/08/2010 15:00', '40050500', ''),
        TactiumCommand.callback('jose', '17/08/2010 15:00', '40050500', 'jose'),
        TactiumCommand.outcome('jose', 'EletronicResponse'),
        TactiumCommand.dial('jose', '85', '40050500', ''),
        TactiumCommand.dial('jose', '', '40050500', 'Serviço_Emprestimo'),
        TactiumCommand.dial('jose', '', '40050500', 'Campanha_Cobrança'),
        TactiumCommand.hangup('jose'),
        TactiumCommand.currentCall('jose'),
        TactiumCommand.bind('ADMSOCKET'),
      ]);
      const outgoing = (await seedExamples()).filter((e) => e.direction === 'out');
      expect(outgoing).to.have.length(16);
      for (const e of outgoing) expect(built.has(e.message), `${e.section} ${e.message}`).to.equal(true);
    });

    it('every incoming example decodes to its kind', async () => {
      const kinds = (await seedExamples()).filter((e) => e.direction === 'in').map((e) => [e.section, one(e.message).kind]);
      expect(kinds).to.deep.equal([
        ['4.1', 'ok'],
        ['4.10', 'end-call'],
        ['5.1', 'call'],
        ['5.3', 'recording'],
        ['5.4', 'end-call'],
      ]);
    });

    it("the dialer example (5.1): one field short of the field list, a stray '>', the attach info last", () => {
      const call = callOf(
        '<Agente><A><15068><0><9988><0><7017><>><dialer.CampaignName=Discador;dialer.ExternalID=15068;dialer.ItemID=717a4730-fb1e-4aec-9e8e04a92703fd60;dialer.Description=;dialer.AttachInfo=CD_LTA_ATI;dialer.ExternalData=;>$',
      );
      expect(call).to.deep.include({ kind: 'A', itemId: '15068', dddOrigin: '', origin: '9988', dddDest: '', dest: '7017', description: '', recordingCode: '', externalId: '' });
      expect(call.attach).to.deep.equal({
        'dialer.CampaignName': 'Discador',
        'dialer.ExternalID': '15068',
        'dialer.ItemID': '717a4730-fb1e-4aec-9e8e04a92703fd60',
        'dialer.Description': '',
        'dialer.AttachInfo': 'CD_LTA_ATI',
        'dialer.ExternalData': '',
      });
      expect(remoteNumber(call)).to.equal('7017');
      expect(callService(call)).to.equal('Discador');
      expect(callData(call)).to.deep.equal({
        id: '15068',
        origem: '9988',
        destino: '7017',
        'dialer.CampaignName': 'Discador',
        'dialer.ExternalID': '15068',
        'dialer.ItemID': '717a4730-fb1e-4aec-9e8e04a92703fd60',
        'dialer.AttachInfo': 'CD_LTA_ATI',
      });
    });

    it('the recording path keeps its backslashes and colon (5.3)', () => {
      expect(one('<jose><G><c:\\records\\2015\\1\\16\\7016-20150116-163837-P2C05-Station.wav>$')).to.deep.include({
        kind: 'recording',
        login: 'jose',
        path: 'c:\\records\\2015\\1\\16\\7016-20150116-163837-P2C05-Station.wav',
      });
    });
  });

  describe('message kinds', () => {
    it('ok, status, end-call, no-call, with the login as sent', () => {
      expect(one('<Jose><OK>$')).to.deep.equal({ kind: 'ok', login: 'Jose', raw: '<Jose><OK>$' });
      expect(one('<jose><S><3>$')).to.include({ kind: 'status', code: '3' });
      expect(one('<jose><s><0>$')).to.include({ kind: 'status', code: '0' });
      expect(one('<jose><ENDCALL>$').kind).to.equal('end-call');
      expect(one('<jose><AC>$').kind).to.equal('no-call');
      expect(one('<jose><A><><><><><><><><>$').kind).to.equal('no-call');
      expect(sameLogin('Jose ', 'jose')).to.equal(true);
      expect(decodeFields([' jose ', ' ok '], '<jose><ok>$')).to.deep.equal({ kind: 'ok', login: 'jose', raw: '<jose><ok>$' });
    });

    it('a status without a numeric code, a message with one field or no login: malformed', () => {
      expect(one('<jose><S>$')).to.include({ kind: 'malformed', code: 'no-status-code' });
      expect(one('<jose><S><x>$')).to.include({ kind: 'malformed', code: 'no-status-code' });
      expect(one('<jose>$')).to.include({ kind: 'malformed', code: 'too-few-fields', reason: 'fewer than two fields' });
      expect(one('<><OK>$')).to.include({ kind: 'malformed', code: 'no-login', reason: 'no login in the first field' });
    });

    it('inbound (5.2): the caller is the origin, "---" is no description', () => {
      const call = callOf('<jose><R><><85><988887777><><4000><---><>$');
      expect(call).to.deep.include({ kind: 'R', dddOrigin: '85', origin: '988887777', dest: '4000', description: '', externalId: '' });
      expect(remoteNumber(call)).to.equal('85988887777');
      expect(callData(call)).to.deep.equal({ 'ddd-origem': '85', origem: '988887777', destino: '4000' });
    });

    it('outbound with every documented field: description, link code, plain external id; extra fields kept', () => {
      const call = callOf('<jose><A><77><0><9988><11><987654321><Cliente VIP><123.456.789-00><CRM-1>$');
      expect(call).to.deep.include({ description: 'Cliente VIP', recordingCode: '123.456.789-00', externalId: 'CRM-1' });
      expect(remoteNumber(call)).to.equal('11987654321');
      expect(callData(call)).to.deep.include({ descricao: 'Cliente VIP', 'cod-vinculo-gravacao': '123.456.789-00', 'id-externo': 'CRM-1', 'ddd-destino': '11' });
      const longer = callOf('<jose><A><77><0><9988><11><987654321><d><l><x1><x2><ext>$');
      expect(longer.extra).to.deep.equal(['x1', 'x2']);
      expect(callData(longer)).to.include({ 'campo-1': 'x1', 'campo-2': 'x2', 'id-externo': 'ext' });
      expect(callSignature(call)).to.equal(callSignature(callOf('<JOSE><A><77><0><9988><11><987654321>$')));
    });

    it('error replies in the forms we can guess, unknown kinds raw, garbage raw', () => {
      expect(one('<jose><ERRO><Agente não está logado>$')).to.include({ kind: 'error', text: 'Agente não está logado' });
      expect(one('<jose><error><a><b>$')).to.include({ kind: 'error', text: 'a b' });
      expect(one('<jose><XYZ><1>$')).to.deep.equal({ kind: 'unknown', login: 'jose', name: 'XYZ', raw: '<jose><XYZ><1>$' });
      expect(one('ERRO: comando inválido$')).to.deep.equal({ kind: 'garbage', raw: 'ERRO: comando inválido$' });
      // A $ ending no message is empty (no garbage, no reply); `ERRO$` still comes whole.
      expect(decodeAll('<jose><OK>$$ $ERRO$')).to.deep.equal([
        { kind: 'ok', login: 'jose', raw: '<jose><OK>$' },
        { kind: 'empty', raw: '$' },
        { kind: 'empty', raw: '$' },
        { kind: 'garbage', raw: 'ERRO$' },
      ]);
      expect(decodeAll('x'.repeat(10))).to.deep.equal([]);
      const long = one(`<jose><XYZ><${'y'.repeat(500)}>$`);
      expect(long.raw.length).to.equal(201);
    });

    it("a refusal's words without the wire (the seed has no result codes: `<R>` is the inbound-call event)", () => {
      expect(replyWords(one('<jose><ERRO><Agente não está logado>$'))).to.equal('Agente não está logado');
      expect(replyWords(one('<jose><nok>$'))).to.equal('NOK');
      expect(replyWords(one('ERRO: Agente em atendimento$'))).to.equal('Agente em atendimento');
      expect(replyWords(one('FALHA - Telefone inválido$'))).to.equal('Telefone inválido');
      expect(replyWords(one('Servidor ocupado$'))).to.equal('Servidor ocupado');
      expect(replyWords(one('<jose><XYZ><1>$'))).to.equal('XYZ');
      // An inbound call's id is "not used" (5.2): an `<R>` with no number is no call, whatever its id says.
      expect(one('<jose><R><0>$')).to.include({ kind: 'no-call' });
      expect(one('<jose><R><0><><><><>$')).to.include({ kind: 'no-call' });
      expect(one('<jose><A><15068>$')).to.include({ kind: 'call' });
      // `0` in the id or a DDD is blank (the 5.1 example writes `<0>` in the DDD it does not use): no dialer item, no call.
      expect(one('<jose><A><0><0><><0><>$')).to.include({ kind: 'no-call' });
      expect(callOf('<jose><A><00><0><7001><0><40050500>$')).to.deep.include({ itemId: '', dddOrigin: '', origin: '7001', dddDest: '', dest: '40050500' });
      expect(callOf('<jose><R><0><0><0><0><0>$')).to.deep.include({ origin: '0', dest: '0' });
    });

    it('an overflowing message is malformed and the stream goes on', () => {
      const framer = new DollarFramer({ maxChars: 50 });
      const items = framer.push(`<jose><G><${'a'.repeat(100)}>$<jose><OK>$`).map(decodeItem);
      expect(items.map((m) => m.kind)).to.deep.equal(['malformed', 'ok']);
      expect(items[0]).to.include({ code: 'too-long', reason: 'message longer than 50 characters' });
    });

    it('attach info: pairs split on ; and the first =, empty keys skipped, plain values are not attach info', () => {
      expect(parseAttachInfo('a=1;b=x=y;;=z;c=;')).to.deep.equal({ a: '1', b: 'x=y', c: '' });
      expect(parseAttachInfo('CRM-1')).to.equal(undefined);
      expect(joinNumber('0', '7017')).to.equal('7017');
      expect(joinNumber('', '7017')).to.equal('7017');
      expect(joinNumber('85', '40050500')).to.equal('8540050500');
    });

    it('status codes map to phases', () => {
      expect(['0', '1', '2', '3', '4', '9'].map((c) => statusPhase(c).phase)).to.deep.equal([
        'logged-out',
        'ready',
        'paused',
        'busy',
        'after-call',
        'unknown',
      ]);
      expect(statusPhase('2').detail).to.equal('status-2');
    });

    it('outgoing fields: framing characters are refused by fieldProblem and never sent', () => {
      expect(fieldProblem('Serviço_Emprestimo')).to.equal(undefined);
      expect(fieldProblem('a>b')).to.be.a('string');
      expect(fieldProblem('a$')).to.be.a('string');
      expect(fieldProblem('a\nb')).to.be.a('string');
      expect(encodeMessage(['jo<se>', 'A', 'x$y\r\n'])).to.equal('<jose><A><xy>$');
    });
  });

  describe('input rules', () => {
    const split = (typed: string, ddd = '') => {
      const r = splitDialNumber(typed, ddd);
      return isDialProblem(r) ? 'problem' : `${r.ddd}/${r.phone}`;
    };

    it('Brazilian numbers split into DDD + phone, formatting stripped', () => {
      expect(split('+55 11 98765-4321')).to.equal('11/987654321');
      expect(split('5511987654321')).to.equal('11/987654321');
      expect(split('0 21 11 98765-4321')).to.equal('11/987654321');
      expect(split('011 98765-4321')).to.equal('11/987654321');
      expect(split('(85) 4005-0500')).to.equal('85/40050500');
      expect(split('85.4005.0500')).to.equal('85/40050500');
      expect(split('4005-0500')).to.equal('/40050500');
      expect(split('4005-0500', '85')).to.equal('85/40050500');
      expect(split('98765-4321', '11')).to.equal('11/987654321');
      expect(split('0800 123 4567', '11')).to.equal('/08001234567');
      expect(split('7017', '11')).to.equal('/7017');
    });

    it('what cannot be dialled is a problem', () => {
      for (const bad of ['', '  ', 'abc', '12', '*21#', '+1 212 555 0100', '(01) 4005-0500', '0123', '12345678901234', '11 9876-54x1']) {
        expect(split(bad), bad).to.equal('problem');
      }
      expect(split('4005-0500', '0')).to.equal('problem');
    });

    it('callback time: datetime-local → dd/mm/yyyy hh:mm, real dates only', () => {
      expect(callbackWhen('2010-08-17T15:00')).to.equal('17/08/2010 15:00');
      expect(callbackWhen('2026-02-28T09:05:30')).to.equal('28/02/2026 09:05');
      for (const bad of ['2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '17/08/2010 15:00', '', '2026-01-01']) {
        expect(callbackWhen(bad), bad).to.equal(undefined);
      }
    });

    it('pause reasons and agent lists from the options', () => {
      expect(parsePauseReasons('1=Lanche;2=Banheiro; 3 = Treinamento ;;4;1=Outra;x>y=z')).to.deep.equal([
        { id: '1', name: 'Lanche' },
        { id: '2', name: 'Banheiro' },
        { id: '3', name: 'Treinamento' },
        { id: '4', name: '4' },
      ]);
      expect(parsePauseReasons('')).to.deep.equal([]);
      expect(parseAgentList(' jose, maria;ana  JOSE, b<d')).to.deep.equal(['jose', 'maria', 'ana']);
      expect(parseAgentList('a,b,c', 2)).to.deep.equal(['a', 'b']);
    });
  });

  describe('command input → wire values or a problem', () => {
    it('pause: a configured reason by code, any safe code when none are configured; missing, unknown, unsafe refused', () => {
      const reasons = [{ id: '2', name: 'Banheiro' }];
      expect(pauseInput(' 2 ', reasons)).to.deep.equal({ id: '2', name: 'Banheiro' });
      expect(pauseInput('', reasons)).to.deep.include({ code: 'missing-data', detail: 'reasonId' });
      expect(pauseInput('7', reasons)).to.deep.equal({ code: 'bad-request', detail: 'reasonId', reason: 'no pause reason 7 (options.pauseReasons)' });
      expect(pauseInput('42', [])).to.deep.equal({ id: '42', name: '42' });
      expect(pauseInput('<x>', [])).to.deep.include({ code: 'bad-request', detail: 'reasonId' });
    });

    it('dial: DDD + phone + service (default, blank, or required), unsafe service and undiallable numbers refused', () => {
      const opts = { defaultDdd: '85', defaultService: '', requireService: false };
      expect(dialInput('4005-0500', ' Vendas ', opts)).to.deep.equal({ ddd: '85', phone: '40050500', service: 'Vendas' });
      expect(dialInput('4005-0500', undefined, { ...opts, defaultService: 'SAC' })).to.deep.include({ service: 'SAC' });
      expect(dialInput('4005-0500', '', opts)).to.deep.include({ service: '' });
      expect(dialInput('4005-0500', '', { ...opts, requireService: true })).to.deep.equal({ code: 'missing-data', detail: 'service', reason: 'a service or campaign (the command, or options.defaultService)', vendorCode: 'no-service' });
      expect(dialInput('*21#', 'Vendas', opts)).to.deep.equal({ code: 'bad-request', detail: 'to', reason: 'a number has digits only' });
      expect(dialInput('4005', 'a$b', opts)).to.deep.equal({ code: 'bad-request', detail: 'service', reason: 'the service contains <, > or $' });
    });

    it('callback: the wire date, digits only (+55 dropped), this agent by default or nobody; bad values refused', () => {
      expect(callbackInput('2026-03-01T14:30', '+55 (85) 4005-0500', undefined, 'jose')).to.deep.equal({ when: '01/03/2026 14:30', phone: '8540050500', agent: 'jose' });
      expect(callbackInput('2026-03-01T14:30', '', '', 'jose')).to.deep.include({ agent: '' });
      expect(callbackInput('2026-02-30T14:30', '1', undefined, 'jose')).to.deep.include({ code: 'bad-request', detail: 'at' });
      expect(callbackInput('2026-03-01T14:30', '85x', undefined, 'jose')).to.deep.equal({ code: 'bad-request', detail: 'number', reason: 'the callback number has digits only' });
      expect(callbackInput('2026-03-01T14:30', '1', 'a>b', 'jose')).to.deep.include({ code: 'bad-request', detail: 'agent' });
    });
  });

  describe('fuzz', () => {
    const VALID = [
      '<jose><OK>$',
      '<jose><S><2>$',
      '<jose><R><><85><988887777><><4000><---><>$',
      '<jose><A><15068><0><9988><11><987654321><Descrição ç><123><dialer.CampaignName=Cobrança;dialer.AttachInfo=X;>$',
      '<jose><G><c:\\records\\a.wav>$',
      '<Jose><EndCall>$',
      '<jose><ERRO><Falha €>$',
    ];

    it('the same messages whatever the byte splits (one byte at a time, random, inside multi-byte characters)', () => {
      const text = `${VALID.join('\r\n')} junk$ ${VALID.join('')}`;
      const items = splitInvariant(() => new DollarFramer(), text, 4, 25);
      expect(items.map((i) => decodeItem(i).kind)).to.deep.equal([
        'ok', 'status', 'call', 'call', 'recording', 'end-call', 'error', 'garbage',
        'ok', 'status', 'call', 'call', 'recording', 'end-call', 'error',
      ]);
    });

    it('windows-1252 bytes through the stream decoder, split anywhere', () => {
      const bytes = new Uint8Array([...'<jose><ERRO><A'].map((c) => c.charCodeAt(0)).concat([0xe7, 0xe3, 0x6f, 0x20, 0x80, 0x3e, 0x24]));
      const rand = prng(11);
      for (let round = 0; round < 20; round++) {
        const decoder = new StreamDecoder('windows-1252');
        const framer = new DollarFramer();
        const pieces = round === 0 ? oneByOne(bytes) : randomSplits(bytes, rand, 5);
        const out = pieces.flatMap((p) => framer.push(decoder.decode(p))).map(decodeItem);
        expect(out).to.have.length(1);
        expect(out[0]).to.include({ kind: 'error', text: 'Ação €' });
      }
    });

    it('random bytes never throw and keep the framer bounded', () => {
      const rand = prng(2024);
      const bias = [...'<>$=;\\/:\r\n AS01'].map((c) => c.charCodeAt(0));
      for (let round = 0; round < 300; round++) {
        const framer = new DollarFramer({ maxChars: 256 });
        const pieces = decodePieces(randomSplits(randomBytes(rand, 600, bias), rand, 9));
        for (const piece of pieces) {
          for (const item of framer.push(piece)) {
            const m = decodeItem(item);
            expect(m.kind).to.be.a('string');
            if ('raw' in m) expect(m.raw.length).to.be.at.most(201);
          }
          expect(framer.buffered).to.be.at.most(256);
        }
      }
    });

    it('mutated valid messages decode to something typed, and a valid message after them is still read', () => {
      const rand = prng(77);
      const chars = '<>$=;ERO0123456789AR\u00e7\u20ac ';
      for (let round = 0; round < 400; round++) {
        const base = VALID[Math.floor(rand() * VALID.length)]!;
        const arr = [...base];
        const edits = 1 + Math.floor(rand() * 4);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rand() * (arr.length + 1));
          const op = rand();
          if (op < 0.33) arr.splice(at, 1);
          else if (op < 0.66) arr.splice(at, 0, chars.charAt(Math.floor(rand() * chars.length)));
          else arr.splice(at, 1, chars.charAt(Math.floor(rand() * chars.length)));
        }
        // A `$` closes whatever the mutation left open, so the next valid message starts clean.
        const framer = new DollarFramer();
        const items = [...framer.push(`${arr.join('')}>$\n`), ...framer.push('<jose><OK>$')].map(decodeItem);
        expect(items.at(-1), arr.join('')).to.deep.include({ kind: 'ok', login: 'jose' });
        for (const m of items) {
          if (m.kind === 'call') expect(remoteNumber(m.call)).to.be.a('string');
          if (m.kind === 'call') expect(callData(m.call)).to.be.an('object');
        }
      }
    });

    it('random typed numbers either split into digits or give a problem, never throw', () => {
      const rand = prng(5);
      const chars = '0123456789+() -./*#a';
      for (let round = 0; round < 500; round++) {
        const typed = Array.from({ length: Math.floor(rand() * 18) }, () => chars.charAt(Math.floor(rand() * chars.length))).join('');
        const r = splitDialNumber(typed, rand() < 0.5 ? '85' : '');
        if (!isDialProblem(r)) {
          expect(r.phone, typed).to.match(/^\d{3,11}$/);
          expect(r.ddd, typed).to.match(/^([1-9]{2})?$/);
        }
      }
      expect(utf8('ç')).to.have.length(2);
    });
  });
});
