import type { LoggerOptions } from 'pino';

/** Query strings may carry CPFs, phones or e-mails (`?q=`), so logged URLs keep only the path. */
const pathOnly = (url: string | undefined) => (url ?? '').split('?')[0];

/** pino settings: secrets, documents and tokens never reach the logs. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.passwordHash',
        '*.document',
        '*.token',
        '*.cpf',
        '*.cnpj',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        url: pathOnly(req.url),
      }),
    },
  };
}
