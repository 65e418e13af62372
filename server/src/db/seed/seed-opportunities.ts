import type { Actor } from '../../modules/auth/actor.ts';
import {
  changeStatus,
  createOpportunity,
  moveOpportunity,
} from '../../modules/opportunities/opportunities.service.ts';
import { involvePerson } from '../../modules/opportunities/opportunity-people.service.ts';
import {
  createPipeline,
  getOpportunitySettings,
  replaceOptionList,
} from '../../modules/pipelines/pipelines.service.ts';
import type { Db } from '../pool.ts';

const LISTS = {
  loss_reason: [
    'Preço acima do orçamento',
    'Comprou com a concorrência',
    'Desistiu da compra',
    'Crédito reprovado',
  ],
  discard_reason: ['Cadastro duplicado', 'Contato inválido', 'Teste'],
  business_plan: [
    'Apartamento 2 dormitórios — Residencial Jardins',
    'Cobertura — Vista Parque',
    'Sala comercial — Centro Empresarial',
    'Lote — Condomínio Reserva',
  ],
  qualification: ['1 — Frio', '2 — Morno', '3 — Quente', '4 — Muito quente'],
  objective: ['Morar', 'Investir', 'Alugar para terceiros'],
  moment: ['Pesquisa', 'Visitando imóveis', 'Negociação'],
  disinterest_reason: ['Sem orçamento no momento', 'Comprou outro imóvel', 'Mudou de cidade'],
} as const;

/** Sub-moments per moment (the moment list's labels). */
const SUB_MOMENTS: Record<string, string[]> = {
  Pesquisa: ['Comparando preços', 'Buscando financiamento'],
  'Visitando imóveis': ['Primeira visita', 'Segunda visita'],
  Negociação: ['Aguardando proposta', 'Analisando contrato'],
};

const STAGES = [
  { name: 'Novo lead', probability: 10, rottingDays: 3 },
  { name: 'Contato feito', probability: 20, rottingDays: 7 },
  { name: 'Visita agendada', probability: 35, rottingDays: 7 },
  { name: 'Visita realizada', probability: 50, rottingDays: 10 },
  {
    name: 'Proposta',
    probability: 65,
    rottingDays: 10,
    requiredFields: ['valueCents', 'expectedCloseDate'] as const,
  },
  { name: 'Análise de crédito', probability: 80, rottingDays: 15 },
  { name: 'Contrato', probability: 90, rottingDays: 15 },
];

const CITIES = ['São Paulo', 'Campinas', 'Santo André', 'Guarulhos', 'Osasco', 'Jundiaí'];
const MEDIA = ['Site', 'Portal imobiliário', 'Indicação', 'Instagram', 'Plantão de vendas'];

/**
 * The demo funnels: the workspace lists, a real-estate sales funnel with opportunities spread over its
 * stages (written through the services, so each has its real history) and an internet-plans funnel.
 */
export async function seedDemoOpportunities(
  db: Db,
  admin: Actor,
  brokers: Actor[],
  holders: { personId: string; ownerId: string }[],
): Promise<void> {
  for (const [list, labels] of Object.entries(LISTS) as [keyof typeof LISTS, readonly string[]][]) {
    const { version } = await getOpportunitySettings(db, admin);
    await replaceOptionList(
      db,
      admin,
      version,
      list,
      labels.map((label) => ({ label })),
    );
  }
  const moments = (await getOpportunitySettings(db, admin)).lists.moment;
  const { version } = await getOpportunitySettings(db, admin);
  await replaceOptionList(
    db,
    admin,
    version,
    'sub_moment',
    moments.flatMap((m) => (SUB_MOMENTS[m.label] ?? []).map((label) => ({ label, parentId: m.id }))),
  );
  const { lists } = await getOpportunitySettings(db, admin);
  const sales = await createPipeline(db, admin, {
    name: 'Vendas de imóveis',
    stages: STAGES.map((s) => ({ ...s, requiredFields: [...(s.requiredFields ?? [])] })),
  });
  await createPipeline(db, admin, {
    name: 'Provedor — planos de internet',
    stages: ['Lead', 'Viabilidade técnica', 'Proposta enviada', 'Instalação agendada'].map((name, i) => ({
      name,
      probability: 20 + i * 20,
      rottingDays: 5,
      requiredFields: [],
    })),
  });
  for (const [i, h] of holders.entries()) {
    const owner = brokers.find((b) => b.userId === h.ownerId);
    if (!owner) continue;
    const plan = lists.business_plan[i % lists.business_plan.length];
    const target = i % STAGES.length;
    const priced = target >= 4 || i % 3 === 0;
    const o = await createOpportunity(db, owner, {
      pipelineId: sales.id,
      customFields: {},
      title: `${plan?.label.split(' — ')[0]} — ${CITIES[i % CITIES.length]}`,
      description: null,
      valueCents: priced ? (250_000 + ((i * 37_000) % 900_000)) * 100 : null,
      expectedCloseDate: priced ? `2027-0${1 + (i % 9)}-15` : null,
      businessPlanId: plan?.id ?? null,
      city: CITIES[i % CITIES.length] ?? null,
      ownerId: owner.userId,
      teamId: null,
      managerId: null,
      branchId: null,
      qualificationId: lists.qualification[i % lists.qualification.length]?.id ?? null,
      source: { media: MEDIA[i % MEDIA.length] ?? null, channel: null },
      tags: i % 4 === 0 ? ['lançamento'] : [],
      holderId: h.personId,
      people: [],
    });
    const spouse = holders[i + 1];
    if (i % 6 === 0 && spouse && spouse.ownerId === owner.userId) {
      await involvePerson(db, owner, o.id, spouse.personId, 'spouse');
    }
    for (let s = 1; s <= target; s++) {
      await moveOpportunity(db, owner, o.id, { stageId: sales.stages[s]?.id as string });
    }
    if (i % 11 === 5) {
      await changeStatus(db, owner, o.id, {
        status: 'lost',
        reasonId: lists.loss_reason[i % 4]?.id ?? null,
        note: null,
      });
    }
  }
}
