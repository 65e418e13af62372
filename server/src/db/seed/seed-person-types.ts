import type { Actor } from '../../modules/auth/actor.ts';
import { createPersonType } from '../../modules/person-types/person-types.service.ts';
import type { Db } from '../pool.ts';

/** Demo person types beside the built-in física/jurídica: a foreigner, a rural producer, a public body. */
export async function seedDemoPersonTypes(db: Db, admin: Actor): Promise<void> {
  await createPersonType(db, admin, {
    name: 'Estrangeiro',
    baseKind: 'individual',
    documents: [{ kind: 'passport', required: true }],
  });
  await createPersonType(db, admin, {
    name: 'Produtor rural',
    baseKind: 'individual',
    documents: [
      { kind: 'cpf', required: true },
      { kind: 'state_registration', required: true },
    ],
  });
  await createPersonType(db, admin, {
    name: 'Órgão público',
    baseKind: 'company',
    documents: [{ kind: 'cnpj', required: true }],
  });
}
