/** "Acme CRM"'s fictitious customers, and the phone-number helpers that find a caller among them. */
export interface Ticket {
  readonly id: number;
  readonly subject: string;
  readonly priority: 'alta' | 'média' | 'baixa';
}

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly account: string;
  /** Digits only (area code + number). */
  readonly phone: string;
  readonly email: string;
  readonly city: string;
  readonly plan: string;
  readonly since: string;
  readonly tickets: readonly Ticket[];
}

export const customers: Customer[] = [
  {
    id: 'c1',
    name: 'Maria Silva',
    account: 'ACC-1001',
    phone: '11987654321',
    email: 'maria.silva@exemplo.com.br',
    city: 'São Paulo, SP',
    plan: 'Empresarial',
    since: '2019',
    tickets: [{ id: 123, subject: 'Cobrança em duplicidade na fatura de março', priority: 'alta' }],
  },
  {
    id: 'c2',
    name: 'João Pereira',
    account: 'ACC-1002',
    phone: '21998765432',
    email: 'joao.pereira@exemplo.com.br',
    city: 'Rio de Janeiro, RJ',
    plan: 'Residencial',
    since: '2021',
    tickets: [{ id: 128, subject: 'Troca do modem', priority: 'média' }],
  },
  {
    id: 'c3',
    name: 'Ana Costa',
    account: 'ACC-1003',
    phone: '31991234567',
    email: 'ana.costa@exemplo.com.br',
    city: 'Belo Horizonte, MG',
    plan: 'Residencial',
    since: '2023',
    tickets: [],
  },
  {
    id: 'c4',
    name: 'Carlos Oliveira',
    account: 'ACC-1004',
    phone: '41988887777',
    email: 'carlos@oliveira-transportes.com.br',
    city: 'Curitiba, PR',
    plan: 'Empresarial Plus',
    since: '2017',
    tickets: [
      { id: 131, subject: 'Portabilidade de 12 linhas', priority: 'alta' },
      { id: 134, subject: 'Segunda via de nota fiscal', priority: 'baixa' },
    ],
  },
  {
    id: 'c5',
    name: 'Beatriz Santos',
    account: 'ACC-1005',
    phone: '5133334444',
    email: 'beatriz.santos@exemplo.com.br',
    city: 'Porto Alegre, RS',
    plan: 'Residencial',
    since: '2020',
    tickets: [{ id: 140, subject: 'Instabilidade na conexão à noite', priority: 'média' }],
  },
];

export function digits(value: string): string {
  return value.replace(/\D/g, '');
}

/** Brazilian display format: (11) 98765-4321, (51) 3333-4444; anything else as given. */
export function formatPhone(value: string): string {
  const d = digits(value);
  if (d.length === 11) return `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}`;
  if (d.length === 10) return `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`;
  return value;
}

/** Strip the country code (55) and trunk prefix (0) so the numbers compare. */
export function comparable(value: string): string {
  let d = digits(value);
  if (d.length > 11 && d.startsWith('55')) d = d.slice(2);
  while (d.length > 10 && d.startsWith('0')) d = d.slice(1);
  return d;
}

/** The customer for a caller: by number, else by a `crm=ACC-…` key in the associated data. */
export function lookUp(number: string, data: Readonly<Record<string, string>> = {}): Customer | undefined {
  const wanted = comparable(number);
  if (wanted.length >= 8) {
    const byPhone = customers.find((c) => comparable(c.phone) === wanted);
    if (byPhone) return byPhone;
  }
  for (const value of Object.values(data)) {
    // `crm=ACC-1001` inside a value (Interact's associated data), or the account as a whole value (a Catix
    // contract, a Tactium attach-info `crm` key).
    const match = /(?:^|[;&,\s])crm=([\w-]+)/i.exec(value) ?? /^\s*(ACC-\d+)\s*$/i.exec(value);
    const account = match?.[1]?.toUpperCase();
    const byAccount = account ? customers.find((c) => c.account === account) : undefined;
    if (byAccount) return byAccount;
  }
  return undefined;
}
