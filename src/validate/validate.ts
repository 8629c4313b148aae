/**
 * validateObjects: pure and in-memory. One pass builds the index; one pass per object runs every check.
 * Cost is linear in the size of the input (plus label-bucket lookups for selectors).
 */
import { checkObjectSize } from './api-values';
import { checkPodBestPractices, checkSecretData, checkSelectorMatchesTemplate } from './best-practices';
import { isObject } from './json';
import { ObjectIndex } from './object-index';
import { optOutsOf } from './opt-out';
import { podTemplateOf } from './pod-spec';
import { checkPodSecurity } from './pod-security';
import { checkConfigKeys, checkReferences } from './references';
import type { RuleId } from './rules';
import { checkSchema } from './schema';
import { makeFinding, makeSubject, subjectEmitter, type Subject } from './subject';
import type { Finding, ManifestDocument, ValidateOptions } from './types';

export function validateObjects(docs: readonly ManifestDocument[], options: ValidateOptions = {}): Finding[] {
  const skip = new Set<RuleId>(options.skipRules ?? []);
  const ordered: { finding: Finding; order: number }[] = [];
  const subjects: Subject[] = [];
  docs.forEach((doc, order) => {
    const o = doc.object;
    if (
      isObject(o) &&
      typeof o.apiVersion === 'string' &&
      o.apiVersion !== '' &&
      typeof o.kind === 'string' &&
      o.kind !== ''
    ) {
      subjects.push(makeSubject(o, doc, order));
    } else if (!skip.has('invalid-manifest')) {
      const what = isObject(o)
        ? 'has no string apiVersion and kind'
        : `is a ${Array.isArray(o) ? 'list' : typeof o}, not a mapping`;
      ordered.push({
        finding: makeFinding('invalid-manifest', { apiVersion: '', kind: '' }, doc, '', `document ${what}`),
        order,
      });
    }
  });

  const objects = new ObjectIndex(subjects);
  const duplicateOf = new Map(objects.duplicates.map((d) => [d.subject, d.first]));

  for (const subject of subjects) {
    const found: Finding[] = [];
    const emit = subjectEmitter(subject, found, skip);
    const first = duplicateOf.get(subject);
    if (first) {
      const where = first.doc.file ? ` (${first.doc.file}${first.doc.line ? `:${first.doc.line}` : ''})` : '';
      emit(
        'duplicate-object',
        'metadata.name',
        `${subject.ref.kind} ${subject.ref.name ?? ''} is defined twice${where}`,
      );
    }
    checkSchema(subject, emit);
    checkObjectSize(subject.obj, emit);
    checkSecretData(subject, emit);
    checkReferences(subject, objects, emit);
    const pod = podTemplateOf(subject);
    if (pod) {
      checkPodSecurity(pod, emit);
      checkPodBestPractices(subject, pod, objects, emit);
      checkSelectorMatchesTemplate(subject, pod, emit);
      checkConfigKeys(subject, pod, objects, emit);
    }
    const optedOut = optOutsOf(subject, emit);
    for (const f of found) {
      const reason = optedOut.get(f.ruleId);
      if (reason === undefined) ordered.push({ finding: f, order: subject.order });
      else if (options.includeAcknowledged)
        ordered.push({ finding: { ...f, acknowledged: reason }, order: subject.order });
    }
  }
  return sortFindings(ordered);
}

/** Deterministic order: by file and line when known, else input order; then rule, path, message. */
function sortFindings(list: { finding: Finding; order: number }[]): Finding[] {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return list
    .sort((x, y) => {
      const a = x.finding;
      const b = y.finding;
      return (
        cmp(a.file ?? '', b.file ?? '') ||
        (a.file !== undefined && b.file !== undefined ? (a.line ?? 0) - (b.line ?? 0) : 0) ||
        x.order - y.order ||
        (a.line ?? 0) - (b.line ?? 0) ||
        cmp(a.ruleId, b.ruleId) ||
        cmp(a.path, b.path) ||
        cmp(a.message, b.message)
      );
    })
    .map((x) => x.finding);
}
