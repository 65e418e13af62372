import { createAssetType } from '../../modules/assets/asset-types.service.ts';
import { createAsset } from '../../modules/assets/assets.service.ts';
import type { Actor } from '../../modules/auth/actor.ts';
import type { Db } from '../pool.ts';

/**
 * Demo asset types (an internet provider's router and comodato, a contracted plan; real-estate and others
 * define their own) and a few assets on the holders' records, added by their owners (so on their timelines).
 */
export async function seedDemoAssets(
  db: Db,
  admin: Actor,
  owners: Actor[],
  holders: { personId: string; ownerId: string }[],
): Promise<void> {
  const router = await createAssetType(db, admin, {
    name: 'Roteador instalado',
    description: 'Equipamento instalado na casa ou empresa do cliente.',
    fields: [
      { key: 'modelo', label: 'Modelo', type: 'text', required: true, options: [] },
      { key: 'numero_de_serie', label: 'Número de série', type: 'text', required: true, options: [] },
      { key: 'data_de_instalacao', label: 'Data de instalação', type: 'date', required: false, options: [] },
    ],
  });
  const loan = await createAssetType(db, admin, {
    name: 'Equipamento em comodato',
    description: 'Emprestado ao cliente enquanto durar o contrato; volta quando ele termina.',
    fields: [
      { key: 'equipamento', label: 'Equipamento', type: 'text', required: true, options: [] },
      {
        key: 'valor_de_reposicao',
        label: 'Valor de reposição (R$)',
        type: 'number',
        required: false,
        options: [],
      },
      {
        key: 'termo_assinado',
        label: 'Termo de comodato assinado',
        type: 'boolean',
        required: false,
        options: [],
      },
    ],
  });
  const plan = await createAssetType(db, admin, {
    name: 'Produto contratado',
    description: 'Plano ou serviço que o cliente assina.',
    fields: [
      {
        key: 'plano',
        label: 'Plano',
        type: 'select',
        required: true,
        options: ['Fibra 300 Mb', 'Fibra 600 Mb', 'Fibra 1 Gb', 'Empresarial 1 Gb'],
      },
      { key: 'valor_mensal', label: 'Valor mensal (R$)', type: 'number', required: true, options: [] },
    ],
  });
  const byId = new Map(owners.map((o) => [o.userId, o]));
  for (const [i, holder] of holders.slice(0, 12).entries()) {
    const owner = byId.get(holder.ownerId);
    if (!owner) continue;
    const month = String((i % 9) + 1).padStart(2, '0');
    const startDate = `2025-${month}-${String((i % 27) + 1).padStart(2, '0')}`;
    await createAsset(db, owner, holder.personId, {
      assetTypeId: plan.id,
      identifier: `Contrato ${2025_0100 + i}`,
      status: 'active',
      startDate,
      endDate: null,
      values: {
        plano: ['Fibra 300 Mb', 'Fibra 600 Mb', 'Fibra 1 Gb'][i % 3] ?? 'Fibra 300 Mb',
        valor_mensal: [99.9, 129.9, 199.9][i % 3] ?? 99.9,
      },
      notes: null,
    });
    await createAsset(db, owner, holder.personId, {
      assetTypeId: router.id,
      identifier: `SN-${(734_120 + i * 37).toString(16).toUpperCase()}`,
      status: i % 5 === 4 ? 'suspended' : 'active',
      startDate,
      endDate: null,
      values: {
        modelo: i % 2 ? 'TP-Link Archer AX73' : 'Huawei EG8145V5',
        numero_de_serie: `48575443${9000 + i}`,
        data_de_instalacao: startDate,
      },
      notes: null,
    });
    if (i % 3 === 0) {
      await createAsset(db, owner, holder.personId, {
        assetTypeId: loan.id,
        identifier: `Comodato ${i + 1}`,
        status: i % 6 === 0 ? 'ended' : 'active',
        startDate,
        endDate: i % 6 === 0 ? '2025-12-15' : null,
        values: { equipamento: 'Repetidor Wi-Fi mesh', valor_de_reposicao: 350, termo_assinado: true },
        notes: null,
      });
    }
  }
}
