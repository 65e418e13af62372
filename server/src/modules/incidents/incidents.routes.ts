import { INCIDENT_DATA_CATEGORIES, INCIDENT_RISKS, ZIncidentRequest } from '@funil/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { etag, expectedVersion, ZIfMatchHeaders } from '../../http/preconditions.ts';
import {
  createIncident,
  getIncident,
  listIncidentEvents,
  listIncidents,
  updateIncident,
} from './incidents.service.ts';

const ZPerson = z.object({ id: z.string(), name: z.string() });
const ZIncident = z.object({
  id: z.string(),
  version: z.number(),
  title: z.string(),
  description: z.string(),
  occurredOn: z.string().nullable(),
  learnedOn: z.string(),
  noticeDeadline: z.string(),
  dataCategories: z.array(z.enum(INCIDENT_DATA_CATEGORIES)),
  affectedCount: z.number(),
  affectedPeople: z.array(ZPerson),
  consequences: z.string(),
  risk: z.enum(INCIDENT_RISKS),
  measuresTaken: z.string(),
  measuresPlanned: z.string(),
  anpdNotifiedOn: z.string().nullable(),
  anpdProtocol: z.string(),
  subjectsNotifiedOn: z.string().nullable(),
  subjectsNotifiedHow: z.string(),
  createdBy: ZPerson,
  createdAt: z.string(),
  updatedAt: z.string(),
});
const ZIncidentPage = z.object({ items: z.array(ZIncident), nextCursor: z.string().nullable() });
const ZIncidentEvent = z.object({
  id: z.string(),
  occurredAt: z.string(),
  kind: z.enum(['created', 'changed']),
  actor: ZPerson,
  changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })),
});
const ZIdParams = z.object({ id: z.uuid() });
const ZPaging = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(300).optional(),
});

export const incidentsRoutes =
  ({ db }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['privacy'];

    api.get(
      '/privacy/incidents',
      {
        schema: {
          tags,
          summary:
            'Registro de incidentes de segurança (Resolução CD/ANPD 15/2024), do mais recente ao mais antigo (managePrivacy)',
          querystring: ZPaging,
          response: { 200: ZIncidentPage },
        },
        config: { problems: [403] },
      },
      async (request) => listIncidents(db, requireActor(request), request.query),
    );

    api.post(
      '/privacy/incidents',
      {
        schema: {
          tags,
          summary:
            'Registrar um incidente; o prazo de comunicação (3 dias úteis desde a ciência) vem calculado (managePrivacy)',
          body: ZIncidentRequest,
          response: { 201: ZIncident },
        },
        config: { problems: [403] },
      },
      async (request, reply) => {
        const incident = await createIncident(db, requireActor(request), request.body);
        return reply
          .status(201)
          .header('etag', etag(incident.version))
          .header('location', `/api/v1/privacy/incidents/${incident.id}`)
          .send(incident);
      },
    );

    api.get(
      '/privacy/incidents/:id',
      {
        schema: {
          tags,
          summary: 'Um incidente do registro (managePrivacy)',
          params: ZIdParams,
          response: { 200: ZIncident },
        },
        config: { problems: [403] },
      },
      async (request, reply) => {
        const incident = await getIncident(db, requireActor(request), request.params.id);
        return reply.header('etag', etag(incident.version)).send(incident);
      },
    );

    api.put(
      '/privacy/incidents/:id',
      {
        schema: {
          tags,
          summary:
            'Editar um incidente (If-Match obrigatório; 412 se desatualizado). Cada mudança fica no histórico do incidente; incidentes não são excluídos',
          params: ZIdParams,
          headers: ZIfMatchHeaders,
          body: ZIncidentRequest,
          response: { 200: ZIncident },
        },
        config: { problems: [403] },
      },
      async (request, reply) => {
        const incident = await updateIncident(
          db,
          requireActor(request),
          request.params.id,
          expectedVersion(request.headers['if-match']),
          request.body,
        );
        return reply.header('etag', etag(incident.version)).send(incident);
      },
    );

    api.get(
      '/privacy/incidents/:id/events',
      {
        schema: {
          tags,
          summary:
            'O histórico de um incidente: quem mudou o quê, com o valor anterior e o novo (managePrivacy)',
          params: ZIdParams,
          response: { 200: z.object({ items: z.array(ZIncidentEvent) }) },
        },
        config: { problems: [403] },
      },
      async (request) => ({ items: await listIncidentEvents(db, requireActor(request), request.params.id) }),
    );
  };
