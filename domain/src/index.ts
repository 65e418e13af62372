export * from './cep.ts';
export * from './documents.ts';
export * from './opportunities.ts';
export * from './people.ts';
export * from './phones.ts';
export * from './problems.ts';
export * from './roles.ts';
export * from './timeline.ts';
