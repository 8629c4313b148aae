/**
 * Per-object opt-out: annotation `ignore.shipshape.io/<rule-id>: "<reason>"` on the object's metadata suppresses
 * that rule's findings for the object (mirrors kube-linter's ignore-check.kube-linter.io/<check>). A blank reason
 * suppresses nothing and is itself an error; an unknown rule id is a warning. Opt-out findings cannot be opted out.
 */
import { asObject } from './json';
import { child } from './path';
import { isRuleId, RULES, type RuleId } from './rules';
import type { Emit, Subject } from './subject';

export const OPT_OUT_PREFIX = 'ignore.shipshape.io/';

/** Annotation key that opts an object out of a rule. */
export function optOutAnnotation(ruleId: RuleId): string {
  return OPT_OUT_PREFIX + ruleId;
}

/** The rules the subject opts out of, with their reasons; reports malformed opt-outs. */
export function optOutsOf(subject: Subject, emit: Emit): ReadonlyMap<RuleId, string> {
  const out = new Map<RuleId, string>();
  const annotations = asObject(asObject(subject.obj.metadata)?.annotations);
  if (!annotations) return out;
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(OPT_OUT_PREFIX)) continue;
    const id = key.slice(OPT_OUT_PREFIX.length);
    const path = child(child('metadata', 'annotations'), key);
    if (!isRuleId(id)) {
      emit('opt-out-unknown-rule', path, `opt-out annotation ${key} names no shipshape rule`);
      continue;
    }
    if (RULES[id].category === 'opt-out' || RULES[id].category === 'input') {
      emit('opt-out-unknown-rule', path, `rule ${id} cannot be opted out of`);
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      emit('opt-out-without-reason', path, `opt-out of ${id} gives no reason, so it does not apply`);
      continue;
    }
    out.set(id, value);
  }
  return out;
}
