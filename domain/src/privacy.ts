import { z } from 'zod';

/**
 * LGPD (Lei 13.709/2018): the workspace is the controller ("controlador") of the personal data it holds and names
 * an Encarregado (art. 41) whose identity and contact must be public; they sign the answers to data-subject
 * requests and are the ANPD's contact for incidents.
 */
export const ZPrivacySettingsRequest = z.object({
  /** The controller: the company that holds the data (razão social). */
  controllerName: z.string().trim().max(200, 'too_long').default(''),
  dpoName: z.string().trim().max(200, 'too_long').default(''),
  dpoEmail: z.union([z.literal(''), z.email({ message: 'invalid_email' })]).default(''),
  dpoPhone: z.string().trim().max(40, 'too_long').default(''),
});
export type PrivacySettingsRequest = z.output<typeof ZPrivacySettingsRequest>;
export type PrivacySettings = PrivacySettingsRequest & { version: number };
