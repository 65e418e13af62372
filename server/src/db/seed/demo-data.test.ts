import {
  documentKind,
  isValidCep,
  isValidCnpj,
  isValidCpf,
  normalizePhone,
  UFS,
  ZCreatePersonRequest,
} from '@funil/domain';
import { describe, expect, it } from 'vitest';
import { createRandom, generateDemoPeople, generateDemoPerson } from './demo-data.ts';

const COUNT = 20_000;
const people = generateDemoPeople(createRandom(2026), COUNT);

describe('createRandom', () => {
  it('is deterministic and stays in [0, 1)', () => {
    const a = createRandom(1);
    const b = createRandom(1);
    const c = createRandom(2);
    const seqA = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(seqA);
    expect(Array.from({ length: 1000 }, c)).not.toEqual(seqA);
    for (const x of seqA) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('generateDemoPeople', () => {
  it('gives the same people for the same seed, and others for another seed', () => {
    expect(generateDemoPeople(createRandom(2026), 300)).toEqual(people.slice(0, 300));
    expect(generateDemoPeople(createRandom(7), 300)).not.toEqual(people.slice(0, 300));
  });

  it('matches generateDemoPerson row by row, so streaming and batch agree', () => {
    const random = createRandom(2026);
    for (let i = 0; i < 300; i++) expect(generateDemoPerson(random, i)).toEqual(people[i]);
  });

  it('gives every person a valid document of the right kind', () => {
    const wrong = people.filter(
      (p) => documentKind(p.document) !== (p.kind === 'individual' ? 'cpf' : 'cnpj'),
    );
    expect(wrong).toEqual([]);
  });

  it('mixes ~85% individuals and ~15% companies, a third of the CNPJs alphanumeric', () => {
    const companies = people.filter((p) => p.kind === 'company');
    expect(companies.length / COUNT).toBeGreaterThan(0.12);
    expect(companies.length / COUNT).toBeLessThan(0.18);
    const alphanumeric = companies.filter((p) => /[A-Z]/.test(p.document)).length / companies.length;
    expect(alphanumeric).toBeGreaterThan(0.28);
    expect(alphanumeric).toBeLessThan(0.39);
    for (const c of companies) expect(c.tradeName).toBeTruthy();
  });

  it('never repeats a document, phone or e-mail', () => {
    const docs = new Set<string>();
    const phones = new Set<string>();
    const emails = new Set<string>();
    let phoneCount = 0;
    let emailCount = 0;
    for (const p of people) {
      docs.add(p.document);
      for (const ph of p.phones) phones.add(ph.number);
      for (const e of p.emails) emails.add(e.address);
      phoneCount += p.phones.length;
      emailCount += p.emails.length;
    }
    expect(docs.size).toBe(COUNT);
    expect(phones.size).toBe(phoneCount);
    expect(emails.size).toBe(emailCount);
  });

  it('keeps documents, phones and e-mails unique far into the index range (benchmark streaming)', () => {
    const random = createRandom(1);
    const seen = new Set<string>();
    let total = 0;
    // Spread-out indexes up to the documented limit, plus a dense block at the start.
    const indexes = [
      ...Array.from({ length: 2000 }, (_, i) => i),
      ...Array.from({ length: 5000 }, (_, i) => 2000 + i * 2999),
    ];
    for (const index of indexes) {
      const p = generateDemoPerson(random, index);
      const values = [p.document, ...p.phones.map((ph) => ph.number), ...p.emails.map((e) => e.address)];
      for (const v of values) seen.add(v);
      total += values.length;
    }
    expect(seen.size).toBe(total);
  });

  it('produces values the API accepts as they are (normalized phones, CEPs, e-mails)', () => {
    const email = /^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]{2,}$/;
    const problems = people.filter(
      (p) =>
        p.phones.length < 1 ||
        p.phones.length > 3 ||
        p.emails.length > 2 ||
        p.addresses.length !== 1 ||
        p.notes.length > 3 ||
        p.phones.some((ph) => normalizePhone(ph.number) !== ph.number) ||
        p.emails.some((e) => !email.test(e.address)) ||
        p.addresses.some((a) => !isValidCep(a.cep) || !(UFS as readonly string[]).includes(a.state)) ||
        [p.phones, p.emails].some(
          (list) => list.filter((x) => x.primary).length !== Math.min(1, list.length),
        ),
    );
    expect(problems).toEqual([]);
    // The full request schema accepts them and keeps the unique values as they are.
    for (const p of people.slice(0, 500)) {
      const { notes: _notes, ...input } = p;
      const parsed = ZCreatePersonRequest.parse(input);
      expect(parsed.document).toBe(p.document);
      expect(parsed.phones.map((ph) => ph.number)).toEqual(p.phones.map((ph) => ph.number));
      expect(parsed.emails.map((e) => e.address)).toEqual(p.emails.map((e) => e.address));
    }
  });

  it('uses Brazilian names with accents', () => {
    const names = people.filter((p) => p.kind === 'individual').map((p) => p.name);
    expect(names.filter((n) => /[áâãàéêíóôõúç]/i.test(n)).length / names.length).toBeGreaterThan(0.3);
    for (const n of ['João', 'Conceição', 'Gonçalves', 'Araújo']) {
      expect(names.some((name) => name.includes(n))).toBe(true);
    }
  });

  it('computes check digits the domain validators agree with', () => {
    const wrong = people.filter(
      (p) => !(p.kind === 'individual' ? isValidCpf(p.document) : isValidCnpj(p.document)),
    );
    expect(wrong).toEqual([]);
  });

  it('rejects indexes outside the uniqueness range', () => {
    const random = createRandom(1);
    expect(() => generateDemoPerson(random, -1)).toThrow(RangeError);
    expect(() => generateDemoPerson(random, 1.5)).toThrow(RangeError);
    expect(() => generateDemoPerson(random, 15_000_000)).toThrow(RangeError);
  });
});
