import {
  decideAppend,
  decideLogin,
  type AppendContext,
  type AppendVerdict,
  type DecisionInput,
  type LoginVerdict,
} from '../src/intelligence/index.ts';

/*
 * What decides, per strategy: the engine itself, and the three baselines of issue 18, each
 * changing one thing about it, so every figure compares one idea on the same world and seed;
 * and the engine again where the browsers that can say so report immediateGet (issue 14).
 */

export interface Strategy {
  name: StrategyName;
  decideLogin(input: DecisionInput): LoginVerdict;
  decideAppend(input: DecisionInput & { context: AppendContext }): AppendVerdict;
  /**
   * The extension reports getClientCapabilities().immediateGet, as it does since immediate
   * mode landed: true where the device's browser answers an immediate get (world/model.ts).
   * The other strategies keep the clients of before, so their figures don't move.
   */
  reportsImmediateGet: boolean;
}

export type StrategyName = 'engine' | 'passkey-if-any' | 'never-hybrid' | 'no-append-after-errors' | 'engine+immediate';

export const ENGINE: Strategy = { name: 'engine', decideLogin, decideAppend, reportsImmediateGet: false };

/**
 * The engine unchanged, with browsers that can check at once reporting so: where it is unsure a
 * passkey is here it asks for an immediate check, and the extension acts on "none here" (loop.ts).
 */
export const ENGINE_IMMEDIATE: Strategy = { name: 'engine+immediate', decideLogin, decideAppend, reportsImmediateGet: true };

/** "Passkey whenever the account has one": every credential allowed, the browser sorts it out. */
const PASSKEY_IF_ANY: Strategy = {
  name: 'passkey-if-any',
  decideLogin(input) {
    if (input.credentials.length === 0) return decideLogin(input);
    return {
      decision: 'passkey',
      reason: { code: 'credential-usable-here', message: 'Sign in with your passkey.' },
      allowCredentialIds: input.credentials.map((c) => c.id),
    };
  },
  decideAppend,
  reportsImmediateGet: false,
};

/** "Never hybrid": where the engine would send the person to the phone, the password form instead. */
const NEVER_HYBRID: Strategy = {
  name: 'never-hybrid',
  decideLogin(input) {
    const verdict = decideLogin(input);
    if (verdict.decision !== 'hybrid') return verdict;
    return {
      decision: 'password',
      reason: { code: 'no-usable-credential', message: 'Sign in with your password.' },
      laterAppend: 'second-device',
    };
  },
  decideAppend,
  reportsImmediateGet: false,
};

/**
 * "No append after errors": the append side never hears of failed passkey prompts, so a
 * passkey that fails on a device still counts as working there and is never healed.
 */
const NO_APPEND_AFTER_ERRORS: Strategy = {
  name: 'no-append-after-errors',
  decideLogin,
  decideAppend: (input) => decideAppend({ ...input, history: input.history.filter((e) => e.type !== 'login-failure') }),
  reportsImmediateGet: false,
};

export const STRATEGIES: readonly Strategy[] = [ENGINE, PASSKEY_IF_ANY, NEVER_HYBRID, NO_APPEND_AFTER_ERRORS, ENGINE_IMMEDIATE];

/** The strategies that are the engine itself (differing only in their clients): what `--ceremonies` runs. */
export const ENGINE_STRATEGIES: readonly Strategy[] = [ENGINE, ENGINE_IMMEDIATE];
