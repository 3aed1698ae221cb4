/**
 * What a number a host page shows dials: its digits, `*` and `#`, and a leading `+` ("+55 11 95555-4444",
 * "(48) 3000-1234" as Salesforce and Zendesk phone fields hold them). Vendors take digits: Interact's
 * `call_private` / `call_service`, Catix `DISCAR`, DGPhone `Dial`, Tactium `<A>`.
 */
export function dialable(raw: string): string {
  return (raw.trim().startsWith('+') ? '+' : '') + raw.replace(/[^0-9*#]/g, '');
}
