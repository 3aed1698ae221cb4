import { expect } from '@open-wc/testing';
import { formatPhone, maskDataValue, maskDocument } from './phone-format.js';

describe('formatPhone', () => {
  const table: [string, string][] = [
    ['11987654321', '(11) 98765-4321'],
    ['(11) 98765-4321', '(11) 98765-4321'],
    ['4833334444', '(48) 3333-4444'],
    ['48 3333 4444', '(48) 3333-4444'],
    ['011987654321', '(11) 98765-4321'],
    ['0214833334444', '(48) 3333-4444'],
    ['08001234567', '0800 123 4567'],
    ['0300 123 4567', '0300 123 4567'],
    ['40041234', '4004-1234'],
    ['987654321', '98765-4321'],
    ['33334444', '3333-4444'],
    ['+5511987654321', '+55 (11) 98765-4321'],
    ['5548333344 44', '+55 (48) 3333-4444'],
    ['+1 212 555 0100', '+1 212 555 0100'],
    ['+351912345678', '+351912345678'],
    ['2001', '2001'],
    ['7017', '7017'],
    ['123456', '123456'],
    ['*9800', '*9800'],
    ['Maria', 'Maria'],
    ['sip:2001@pbx', 'sip:2001@pbx'],
    ['  2001 ', '2001'],
    ['', ''],
    ['1198765432', '(11) 9876-5432'],
    ['1187654321', '(11) 8765-4321'],
    ['11887654321', '11887654321'],
    ['0987654321', '0987654321'],
  ];
  for (const [raw, shown] of table) {
    it(`${JSON.stringify(raw)} → ${JSON.stringify(shown)}`, () => {
      expect(formatPhone(raw)).to.equal(shown);
    });
  }
});

describe('CPF / CNPJ masking', () => {
  it('keeps the last 4 digits of a CPF or CNPJ in its usual layout', () => {
    expect(maskDocument('12345678901')).to.equal('•••.•••.•89-01');
    expect(maskDocument('123.456.789-01')).to.equal('•••.•••.•89-01');
    expect(maskDocument('12345678000195')).to.equal('••.•••.•••/••01-95');
    expect(maskDocument('AB12345')).to.equal('•••2345');
  });

  it('masks a document key whole and a formatted document inside free text', () => {
    expect(maskDataValue('contato-cpfcnpj', '12345678901')).to.deep.equal({ text: '•••.•••.•89-01', masked: true });
    expect(maskDataValue('CPF', '123.456.789-01').masked).to.equal(true);
    expect(maskDataValue('associated_data', 'cliente 123.456.789-01 vip')).to.deep.equal({ text: 'cliente •••.•••.•89-01 vip', masked: true });
    expect(maskDataValue('cod-vinculo-gravacao', '12345678901').masked).to.equal(true);
    expect(maskDataValue('cod-vinculo-gravacao', 'A77')).to.deep.equal({ text: 'A77', masked: false });
    expect(maskDataValue('numero-contato', '11987654321')).to.deep.equal({ text: '11987654321', masked: false });
  });
});
