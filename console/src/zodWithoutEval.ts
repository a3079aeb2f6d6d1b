import { config } from 'zod';

/*
 * The console's CSP has no 'unsafe-eval'. zod compiles fast object parsers with `new Function`
 * and probes for it at the first schema it builds; the probe fails quietly but still reports a
 * CSP violation. jitless skips both. This module must run before any schema is made, so
 * main.tsx imports it first (ES modules run in import order).
 */
config({ jitless: true });
