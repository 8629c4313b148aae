import {
  isConfigKey,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvVarName,
  isIanaSvcName,
  isLabelValue,
  isQualifiedName,
} from '../../constructs';

describe('Kubernetes naming rules', () => {
  test.each([
    [isDns1123Label, ['a', 'link-db', '0abc'], ['', 'A', '-a', 'a-', 'a.b']],
    [isDns1123Subdomain, ['a', 'example.com', 'a-b.c-d'], ['', 'a..b', '.a', 'A.b', 'x'.repeat(254)]],
    [isDns1035Label, ['link-db', 'a1'], ['1a', 'a_b', '-a']],
    [
      isQualifiedName,
      ['app', 'app.kubernetes.io/name', 'a_b.c-d'],
      ['', '/a', 'a/', 'A_B/x', 'a/b/c', 'x'.repeat(64)],
    ],
    [isLabelValue, ['', '0.3', 'v1_2-a'], ['-a', 'a b', 'x'.repeat(64)]],
    [isIanaSvcName, ['http', 'grpc-web', 'h2c'], ['', '123', 'a--b', 'http-metrics-xyz', 'HTTP']],
    [isEnvVarName, ['PORT', 'a.b-c_d', '_X'], ['1A', 'A=B', '']],
    [isConfigKey, ['config.ini', 'ca.crt', 'KEY_1'], ['.', '..', 'a/b', 'a b', '']],
  ] as const)('%p accepts and refuses as the API server does', (rule, valid, invalid) => {
    // GIVEN / WHEN / THEN
    expect(valid.filter((v) => !rule(v))).toEqual([]);
    expect(invalid.filter((v) => rule(v))).toEqual([]);
  });
});
