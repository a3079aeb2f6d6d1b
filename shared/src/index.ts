export * from './errors.ts';
export * from './webauthn.ts';
export * from './signals.ts';
export * from './decisions.ts';
export * from './api.ts';
export * from './messages.ts';
export * from './extension-id.ts';
export * from './formOverrides.ts';
