import { describe, expect, it } from 'vitest';
import { loadEnv } from './env.ts';

describe('the database settings', () => {
  it('keeps one connection string for everything when no owner string is given', () => {
    const env = loadEnv({ DATABASE_URL: 'postgres://funil@db.example.com/funil' });
    expect(env.DATABASE_OWNER_URL).toBeUndefined();
  });

  it('takes an owner string beside the app role’s', () => {
    const env = loadEnv({
      DATABASE_URL: 'postgres://funil_app_user@db.example.com/funil?sslmode=verify-full',
      DATABASE_OWNER_URL: 'postgres://funil_owner@db.example.com/funil?sslmode=verify-full',
    });
    expect(env.DATABASE_OWNER_URL).toContain('funil_owner');
  });

  it('refuses an owner string without the app role’s (the embedded server has its own roles)', () => {
    expect(() => loadEnv({ DATABASE_OWNER_URL: 'postgres://funil_owner@db.example.com/funil' })).toThrow(
      /DATABASE_URL: obrigatório com DATABASE_OWNER_URL/,
    );
  });
});

describe('the mailbox OAuth settings', () => {
  it('defaults to the real identity platforms and mail servers, with no provider configured', () => {
    const env = loadEnv({});
    expect(env.FUNIL_GOOGLE_CLIENT_ID).toBeUndefined();
    expect(env.FUNIL_GOOGLE_TOKEN_URL).toBe('https://oauth2.googleapis.com/token');
    expect(env.FUNIL_MICROSOFT_TENANT).toBe('common');
    expect(env.FUNIL_MICROSOFT_SMTP).toBe('smtp://smtp.office365.com:587');
  });

  it('refuses a client id without its secret', () => {
    expect(() => loadEnv({ FUNIL_MICROSOFT_CLIENT_ID: 'app-id' })).toThrow(/FUNIL_MICROSOFT_CLIENT_SECRET/);
  });

  it('refuses a mail server that is not imap(s)://host:port', () => {
    expect(() => loadEnv({ FUNIL_GOOGLE_IMAP: 'imap.gmail.com' })).toThrow(/FUNIL_GOOGLE_IMAP/);
    expect(() => loadEnv({ FUNIL_GOOGLE_SMTP: 'imaps://smtp.gmail.com:465' })).toThrow(/FUNIL_GOOGLE_SMTP/);
  });
});
