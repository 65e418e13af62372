import type { CustomField, CustomFieldEntity } from '@funil/domain';
import { useSession } from '../auth/queries.ts';
import { formFields } from './custom-values.ts';
import { useCustomFields } from './queries.ts';

/** The live fields of an entity the user's role sees, in form order: what a list can filter by and show. */
export function useListFields(entity: CustomFieldEntity): CustomField[] {
  const { user } = useSession();
  return formFields(useCustomFields(entity).data, user.role);
}
