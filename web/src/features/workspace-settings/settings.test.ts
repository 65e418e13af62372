import { describe, expect, it } from 'vitest';
import { smtpFormOf, smtpRequest } from './settings.ts';

describe('smtpRequest', () => {
  it('omits an empty password so the stored one is kept', () => {
    const form = smtpFormOf({
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      user: 'funil',
      passwordSet: true,
      from: 'crm@example.com',
      version: 3,
    });
    expect(form.password).toBe('');
    expect(smtpRequest(form)).toEqual({
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      user: 'funil',
      from: 'crm@example.com',
    });
    expect(smtpRequest({ ...form, password: 's3cret', user: '  ' })).toMatchObject({
      password: 's3cret',
      user: null,
    });
  });

  it('starts an unconfigured server with the submission port', () => {
    expect(smtpFormOf(null)).toEqual({
      host: '',
      port: 587,
      secure: false,
      user: '',
      password: '',
      from: '',
    });
  });
});
