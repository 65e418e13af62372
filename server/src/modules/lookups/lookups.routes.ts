import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppDeps, requireActor } from '../../http/context.ts';
import { lookupProvidersFromEnv } from '../../integrations/lookups/lookup-providers.ts';
import { DomainError } from '../../lib/errors.ts';
import { lookupCep, lookupCnpj, setLookupProviders } from './lookups.service.ts';

const ZAddress = z.object({
  cep: z.string(),
  street: z.string().nullable(),
  number: z.string().nullable(),
  complement: z.string().nullable(),
  district: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
});

const ZCompany = z.object({
  cnpj: z.string(),
  name: z.string(),
  tradeName: z.string().nullable(),
  cnaeCode: z.string().nullable(),
  cnaeDescription: z.string().nullable(),
  registrationStatus: z.string().nullable(),
  address: ZAddress.nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

/** The misses as problems: 404 not in the registry, 409 switched off here, 503 the provider did not answer. */
function miss(status: 'not_found' | 'unavailable' | 'disabled', what: 'cnpj' | 'cep'): DomainError {
  if (status === 'disabled') {
    return new DomainError('lookup-disabled', 409, {
      detail: 'As consultas de CNPJ e CEP estão desligadas neste workspace; preencha os dados manualmente.',
    });
  }
  if (status === 'not_found') {
    return new DomainError('lookup-not-found', 404, {
      detail: what === 'cnpj' ? 'CNPJ não encontrado na Receita Federal.' : 'CEP não encontrado.',
    });
  }
  return new DomainError('lookup-unavailable', 503, {
    detail:
      what === 'cnpj'
        ? 'Não foi possível consultar a Receita agora; preencha os dados manualmente.'
        : 'Não foi possível consultar o CEP agora; preencha o endereço manualmente.',
  });
}

/**
 * `GET /lookups/cnpj/{cnpj}` and `GET /lookups/cep/{cep}`: for any signed-in user and the helpdesk panel's session
 * (which is a user). The number may carry its mask.
 */
export const lookupsRoutes =
  ({ db, env }: AppDeps): FastifyPluginAsync =>
  async (app) => {
    setLookupProviders(lookupProvidersFromEnv(env));
    const api = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['lookups'];

    api.get(
      '/lookups/cnpj/:cnpj',
      {
        config: { problems: [404, 409, 422, 503] },
        schema: {
          tags,
          summary:
            'Consultar empresa pelo CNPJ (razão social, nome fantasia, endereço, CNAE, situação cadastral)',
          description:
            'Base pública (BrasilAPI ou ReceitaWS), com cache. 404 `lookup-not-found`: CNPJ não consta; 409 `lookup-disabled`: consultas desligadas no workspace; 422: CNPJ malformado; 503 `lookup-unavailable`: o provedor não respondeu a tempo.',
          params: z.object({ cnpj: z.string().max(40) }),
          response: { 200: z.object({ company: ZCompany, cached: z.boolean() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const result = await lookupCnpj(db, actor.workspaceId, request.params.cnpj);
        if (result.status !== 'found') throw miss(result.status, 'cnpj');
        return { company: result.company, cached: result.cached };
      },
    );

    api.get(
      '/lookups/cep/:cep',
      {
        config: { problems: [404, 409, 422, 503] },
        schema: {
          tags,
          summary: 'Consultar endereço pelo CEP (logradouro, bairro, cidade, UF)',
          description:
            'Base pública (ViaCEP ou BrasilAPI), com cache. 404 `lookup-not-found`: CEP não existe; 409 `lookup-disabled`; 422: CEP malformado; 503 `lookup-unavailable`.',
          params: z.object({ cep: z.string().max(20) }),
          response: { 200: z.object({ address: ZAddress, cached: z.boolean() }) },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const result = await lookupCep(db, actor.workspaceId, request.params.cep);
        if (result.status !== 'found') throw miss(result.status, 'cep');
        return { address: result.address, cached: result.cached };
      },
    );
  };
