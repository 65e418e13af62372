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
