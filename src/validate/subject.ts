/** A document under validation and the sink its findings go to. */
import { asObject, asString, type JsonObject } from './json';
import { parent } from './path';
import { RULES, type RuleId } from './rules';
import type { Finding, ManifestDocument, ObjectRef } from './types';

export interface Subject {
  readonly obj: JsonObject;
  readonly ref: ObjectRef;
  readonly doc: ManifestDocument;
  /** Position of the document in the input, for a stable order of in-memory input. */
  readonly order: number;
  /** API group ('' for core). */
  readonly group: string;
  /** Namespace used for references: metadata.namespace, or '' when unset. */
  readonly ns: string;
}

export function makeSubject(obj: JsonObject, doc: ManifestDocument, order: number): Subject {
  const apiVersion = asString(obj.apiVersion) ?? '';
  const kind = asString(obj.kind) ?? '';
  const meta = asObject(obj.metadata);
  const namespace = asString(meta?.namespace);
  const name = asString(meta?.name);
  const ref: ObjectRef = {
    apiVersion,
    kind,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(name !== undefined ? { name } : {}),
  };
  const slash = apiVersion.lastIndexOf('/');
  return { obj, ref, doc, order, group: slash < 0 ? '' : apiVersion.slice(0, slash), ns: namespace ?? '' };
}

/** Reports a finding for the subject at a path; used by every check. */
export type Emit = (ruleId: RuleId, path: string, message: string, hint?: string) => void;

export interface OrderedFinding {
  readonly finding: Finding;
  readonly order: number;
}

/** The line of a path: its own, or the nearest enclosing path's, or the document's. */
export function lineOf(doc: ManifestDocument, path: string): number | undefined {
  const lines = doc.lines;
  if (lines) {
    for (let p: string | undefined = path; p !== undefined; p = parent(p)) {
      const line = lines.get(p);
      if (line !== undefined) return line;
    }
  }
  return doc.line;
}

export function makeFinding(
  ruleId: RuleId,
  object: ObjectRef,
  doc: ManifestDocument,
  path: string,
  message: string,
  hint?: string,
): Finding {
  const line = lineOf(doc, path);
  const h = hint ?? RULES[ruleId].hint;
  return {
    ruleId,
    severity: RULES[ruleId].severity,
    object,
    ...(doc.file !== undefined ? { file: doc.file } : {}),
    ...(line !== undefined ? { line } : {}),
    path,
    message,
    ...(h ? { hint: h } : {}),
  };
}

/** Collects a subject's findings, dropping rules the caller skipped. */
export function subjectEmitter(subject: Subject, out: Finding[], skip: ReadonlySet<RuleId>): Emit {
  return (ruleId, path, message, hint) => {
    if (skip.has(ruleId)) return;
    out.push(makeFinding(ruleId, subject.ref, subject.doc, path, message, hint));
  };
}
