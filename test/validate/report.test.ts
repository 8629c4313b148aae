import {
  formatFinding,
  formatJson,
  formatSummary,
  formatText,
  summarize,
  type Finding,
} from '../../src/validate';

const error: Finding = {
  ruleId: 'pss-seccomp',
  severity: 'error',
  object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'delinkcious', name: 'link-manager' },
  file: 'dist/local/link-manager.yaml',
  line: 12,
  path: 'spec.template.spec.securityContext.seccompProfile',
  message: 'seccompProfile must be RuntimeDefault or Localhost',
  hint: 'set securityContext.seccompProfile.type: RuntimeDefault on the pod',
};
const warning: Finding = {
  ruleId: 'unknown-kind',
  severity: 'warning',
  object: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' },
  path: 'kind',
  message: 'no schema',
};
const parseError: Finding = {
  ruleId: 'yaml-syntax',
  severity: 'error',
  object: { apiVersion: '', kind: '' },
  file: 'x.yaml',
  path: '',
  message: 'bad',
};

describe('report', () => {
  it('formats one line per finding: place, severity, rule, object, path, message and hint', () => {
    // GIVEN findings with and without file, namespace, path and hint WHEN formatted
    // THEN each is one line with the fields separated by two spaces
    expect(formatFinding(error)).toBe(
      'dist/local/link-manager.yaml:12  error  pss-seccomp  Deployment delinkcious/link-manager  spec.template.spec.securityContext.seccompProfile  seccompProfile must be RuntimeDefault or Localhost (hint: set securityContext.seccompProfile.type: RuntimeDefault on the pod)',
    );
    expect(formatFinding(warning)).toBe('-  warning  unknown-kind  Widget w  kind  no schema');
    expect(formatFinding(parseError)).toBe('x.yaml  error  yaml-syntax  -  -  bad');
  });

  it('summarizes counts with singular and plural', () => {
    // GIVEN one error and one warning in one object of one file WHEN summarized THEN it reads naturally
    const s = summarize([error, warning], 1, 1);
    expect(s).toEqual({ errors: 1, warnings: 1, acknowledged: 0, objects: 1, files: 1 });
    expect(formatSummary(s)).toBe('1 error, 1 warning in 1 object (1 file)');
    expect(formatSummary(summarize([], 35, 2))).toBe('0 errors, 0 warnings in 35 objects (2 files)');
  });

  it('prints only errors when quiet, still counting warnings in the summary', () => {
    // GIVEN an error and a warning WHEN formatted quietly THEN the warning line is left out
    const text = formatText([error, warning], summarize([error, warning], 2, 1), { quiet: true });
    expect(text.split('\n')).toEqual([formatFinding(error), '1 error, 1 warning in 2 objects (1 file)', '']);
  });

  it('renders JSON with the summary and the findings as they are', () => {
    // GIVEN findings WHEN rendered as JSON THEN it parses back to the same data
    const parsed = JSON.parse(formatJson([error], summarize([error], 1, 1))) as unknown;
    expect(parsed).toEqual({
      summary: { errors: 1, warnings: 0, acknowledged: 0, objects: 1, files: 1 },
      findings: [error],
    });
  });
});
