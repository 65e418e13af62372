import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubSignature, type WhatsAppStatus, waNumber } from './whatsapp-provider.ts';

/**
 * A local WhatsApp Cloud API for tests and the demo. It speaks the subset Funil uses — `POST /{version}/{phone-number-
 * id}/messages` with a Bearer token (text and template messages, the 24-hour window enforced with error 131047) — and
 * sends Cloud-API-shaped webhooks signed with X-Hub-Signature-256: each message's statuses (sent, delivered, read;
 * or failed for a number scripted to fail) later and out of order, and inbound text messages a test plays with
 * `/__sim/reply`. State is in memory and open for assertions.
 */
export type SimSentMessage = {
  id: string;
  to: string;
  type: 'text' | 'template';
  body: unknown;
  callbackData: string | null;
  at: number;
};

export type WhatsAppSimulatorOptions = {
  port?: number;
  host?: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  /** Where webhooks go (settable later with `setWebhook` or `PUT /__sim/webhook`). */
  webhookUrl?: string | null;
  /** Statuses of each message go out by themselves after about this long (null: only when `flushStatuses` runs). */
  statusDelayMs?: number | null;
};

export type WhatsAppSimulator = Awaited<ReturnType<typeof startWhatsAppSimulator>>;

const nowS = () => Math.floor(Date.now() / 1000);
const wamid = () => `wamid.${randomBytes(18).toString('base64url')}`;

/** The order statuses leave in: deliberately scrambled (read before delivered, sent last), as Meta allows. */
const SCRAMBLED: WhatsAppStatus[] = ['read', 'sent', 'delivered'];

export async function startWhatsAppSimulator(opts: WhatsAppSimulatorOptions) {
  const sent: SimSentMessage[] = [];
  const webhooksSent: { status: number | null; body: string }[] = [];
  /** Numbers (digits) whose messages fail (status `failed` 131026) instead of being delivered. */
  const failing = new Set<string>();
  /** Last inbound message per number (digits): opens the 24-hour window for free text. */
  const lastInbound = new Map<string, number>();
  const pending: { message: SimSentMessage; statuses: WhatsAppStatus[] }[] = [];
  let webhookUrl = opts.webhookUrl ?? null;
  let statusDelayMs = opts.statusDelayMs === undefined ? 200 : opts.statusDelayMs;
  let timer: NodeJS.Timeout | null = null;

  const envelope = (value: Record<string, unknown>) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'SIM_WABA_ID',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '5511999990000', phone_number_id: opts.phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });

  /** Posts one webhook body, signed; answers Funil's status (null when unreachable). */
  async function post(payload: unknown): Promise<number | null> {
    if (!webhookUrl) return null;
    const body = JSON.stringify(payload);
    const res = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': hubSignature(body, opts.appSecret),
      },
      body,
    }).catch(() => null);
    webhooksSent.push({ status: res?.status ?? null, body });
    if (res) await res.text();
    return res?.status ?? null;
  }

  const statusPayload = (m: SimSentMessage, status: WhatsAppStatus) =>
    envelope({
      statuses: [
        {
          id: m.id,
          status,
          timestamp: String(nowS()),
          recipient_id: m.to,
          ...(m.callbackData ? { biz_opaque_callback_data: m.callbackData } : {}),
          ...(status === 'failed'
            ? { errors: [{ code: 131026, title: 'Message undeliverable' }] }
            : {
                conversation: { id: 'SIM_CONVERSATION', origin: { type: 'marketing' } },
                pricing: { billable: true, pricing_model: 'PMP', category: 'marketing' },
              }),
        },
      ],
    });

  /** Sends every pending status webhook now (in the scrambled order); answers how many went out. */
  async function flushStatuses(): Promise<number> {
    const batch = pending.splice(0);
    let n = 0;
    for (const { message, statuses } of batch) {
      for (const s of statuses) {
        await post(statusPayload(message, s));
        n++;
      }
    }
    return n;
  }

  function schedule() {
    if (statusDelayMs === null || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void flushStatuses().then(() => {
        if (pending.length) schedule();
      });
    }, statusDelayMs);
  }

  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => resolve(data));
    });

  /** Plays a customer writing to the business: an inbound text message webhook (e.g. "SAIR"). */
  async function reply(from: string, text: string) {
    const digits = waNumber(from);
    lastInbound.set(digits, Date.now());
    return post(
      envelope({
        contacts: [{ profile: { name: 'Cliente Simulado' }, wa_id: digits }],
        messages: [
          { from: digits, id: wamid(), timestamp: String(nowS()), type: 'text', text: { body: text } },
        ],
      }),
    );
  }

  const cloudError = (code: number, message: string) => ({
    error: { message, type: 'OAuthException', code, error_subcode: 2494010, fbtrace_id: 'SIM' },
  });

  function acceptMessage(body: Record<string, unknown>): [number, unknown] {
    if (body.messaging_product !== 'whatsapp' || typeof body.to !== 'string' || !/^\d{8,15}$/.test(body.to)) {
      return [400, cloudError(100, '(#100) Invalid parameter')];
    }
    const to = body.to;
    const type = body.type;
    if (type === 'text') {
      const text = body.text as { body?: unknown } | undefined;
      if (typeof text?.body !== 'string' || !text.body) return [400, cloudError(100, '(#100) text.body')];
      const last = lastInbound.get(to);
      if (!last || Date.now() - last > 24 * 3600 * 1000) {
        return [
          400,
          cloudError(
            131047,
            'Re-engagement message: more than 24 hours have passed since the recipient last replied',
          ),
        ];
      }
    } else if (type === 'template') {
      const t = body.template as { name?: unknown; language?: { code?: unknown } } | undefined;
      if (typeof t?.name !== 'string' || typeof t.language?.code !== 'string') {
        return [400, cloudError(132000, 'Number of parameters does not match the expected number of params')];
      }
    } else {
      return [400, cloudError(100, '(#100) Invalid parameter type')];
    }
    const message: SimSentMessage = {
      id: wamid(),
      to,
      type,
      body,
      callbackData: typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : null,
      at: Date.now(),
    };
    sent.push(message);
    pending.push({ message, statuses: failing.has(to) ? ['sent', 'failed'] : SCRAMBLED });
    schedule();
    return [
      200,
      { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: message.id }] },
    ];
  }

  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    const path = (req.url ?? '/').split('?')[0] as string;
    const send = (status: number, json: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(json));
    const method = req.method ?? 'GET';
    if (path.startsWith('/__sim/')) {
      if (method === 'GET' && path === '/__sim/messages') return send(200, { messages: sent });
      if (method === 'PUT' && path === '/__sim/webhook') {
        webhookUrl = typeof body.url === 'string' ? body.url : null;
        return send(200, { url: webhookUrl });
      }
      if (method === 'POST' && path === '/__sim/reply') {
        if (typeof body.from !== 'string' || typeof body.text !== 'string')
          return send(422, { error: 'from and text are required' });
        return send(200, { webhookStatus: await reply(body.from, body.text) });
      }
      if (method === 'POST' && path === '/__sim/fail') {
        for (const n of Array.isArray(body.numbers) ? body.numbers : []) failing.add(waNumber(String(n)));
        return send(200, { failing: [...failing] });
      }
      if (method === 'POST' && path === '/__sim/flush') return send(200, { sent: await flushStatuses() });
      return send(404, { error: 'unknown simulator route' });
    }
    if (req.headers.authorization !== `Bearer ${opts.accessToken}`) {
      return send(401, cloudError(190, 'Invalid OAuth access token - Cannot parse access token'));
    }
    const match = /^\/v\d+\.\d+\/([^/]+)\/messages$/.exec(path);
    if (method !== 'POST' || !match) return send(404, cloudError(100, 'Unsupported request'));
    if (match[1] !== opts.phoneNumberId) return send(400, cloudError(100, 'Unknown phone number id'));
    const [status, answer] = acceptMessage(body);
    send(status, answer);
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${opts.host ?? '127.0.0.1'}:${address.port}`;

  return {
    url,
    sent,
    webhooksSent,
    reply,
    flushStatuses,
    /** Messages to these numbers fail (status `failed`, 131026) instead of being delivered. */
    fail(numbers: string[]) {
      for (const n of numbers) failing.add(waNumber(n));
    },
    setWebhook(url: string | null) {
      webhookUrl = url;
    },
    setStatusDelay(ms: number | null) {
      statusDelayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
