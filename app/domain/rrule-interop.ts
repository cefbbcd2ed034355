/**
 * rrule 2.8.1 publishes a CommonJS "main" and an ESM build that Node cannot load as ESM, so
 * `import { RRule } from "rrule"` fails under Node ESM (tsx, the built server). A namespace
 * import works everywhere: Node puts the CommonJS exports under `default`, while Vite/Vitest
 * and esbuild give the named exports directly.
 *
 * Our own expansion (recurrence.ts) does not depend on rrule; it is the reference the tests
 * compare against, and is available to code that needs the library (e.g. the iCal export).
 */
import * as rruleNamespace from "rrule";

type RRuleModule = typeof rruleNamespace;

const rrule: RRuleModule = (rruleNamespace as unknown as { default?: RRuleModule }).default ?? rruleNamespace;

export const RRule = rrule.RRule;
export type RRule = InstanceType<RRuleModule["RRule"]>;
export const RRuleSet = rrule.RRuleSet;
export type RRuleSet = InstanceType<RRuleModule["RRuleSet"]>;
export const rrulestr = rrule.rrulestr;
export const Weekday = rrule.Weekday;
export type Weekday = InstanceType<RRuleModule["Weekday"]>;
export type { Options as RRuleOptions } from "rrule";
