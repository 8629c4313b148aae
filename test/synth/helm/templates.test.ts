import * as fc from 'fast-check';
import { _checkRequestLimit } from '../../../constructs/_quantity';
import {
  escapeHelm,
  fileTemplate,
  helpersTpl,
  indexTargets,
  patterned,
  valueRef,
} from '../../../src/synth/helm/templates';
import { resolveValues } from '../../../src/synth/helm/values';
import { toYaml } from '../../../src/synth/output';
import { describeWithHelm, helm, writeChart } from './_helm';
import { shop, shopTree } from './_shop';

describe('template text', () => {
  test('refers to values from the root context, by index where a key is no identifier', () => {
    expect(valueRef('linkManager.image.tag')).toBe('$.Values.linkManager.image.tag');
    expect(valueRef('1job.image')).toBe('(index $.Values "1job" "image")');
  });

  test('writes block YAML only for values whose every string has a pattern', () => {
    expect(
      patterned({
        type: 'object',
        additionalProperties: false,
        properties: { a: { type: 'string', pattern: '^a$' } },
      }),
    ).toBe(true);
    expect(
      patterned({ type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } }),
    ).toBe(false);
    expect(patterned({ type: 'object', properties: {} })).toBe(false);
    expect(
      patterned({ type: 'array', items: { anyOf: [{ type: 'number' }, { type: 'string', pattern: 'x' }] } }),
    ).toBe(true);
  });

  test('escapes literal template delimiters', () => {
    expect(escapeHelm('a {{ b }} c')).toBe('a {{ "{{" }} b }} c');
    expect(escapeHelm('plain')).toBe('plain');
  });

  test('writes a template action at every bound field and a guard above the file', () => {
    // GIVEN
    const s = shop();
    const web = s.files.find((f) => f.name === 'web.yaml')!;
    // WHEN
    const text = fileTemplate(web, indexTargets(resolveValues(s), 'shop'), 'shop', 'shop', toYaml);
    // THEN
    expect(text).toMatch(
      /^\{\{- define "shop\.config\.web-config" -\}\}\n\{\{ include "shop\.toJson" \$\.Values\.web\.config \}\}\n/,
    );
    expect(text).toContain(
      '{{- if gt (include "shop.quantity" $.Values.web.resources.requests.cpu | float64) (include "shop.quantity" $.Values.web.resources.limits.cpu | float64) }}',
    );
    expect(text).toContain('  replicas: {{ toJson $.Values.web.replicas }}\n');
    expect(text).toContain('          image: {{ include "shop.image" $.Values.web.image | quote }}\n');
    expect(text).toContain('          resources:{{- toYaml $.Values.web.resources | nindent 12 }}\n');
    expect(text).toContain(
      '        shipshape.io/config-hash: {{ include "shop.config.web-config" $ | sha256sum | trunc 16 | quote }}\n',
    );
    expect(text).toContain('data: {{ include "shop.config.web-config" $ }}\n');
    expect(helpersTpl('shop')).toContain('{{- define "shop.image" -}}');
  });
});

describeWithHelm('template guards in the real helm', () => {
  const chart = writeChart(shopTree(), 'helm/shop/');

  test('refuse a request above its limit exactly when the construct does (sampled quantities)', () => {
    const quantity = fc
      .tuple(
        fc.stringMatching(/^[1-9][0-9]{0,3}(\.[0-9]{1,2})?$/),
        fc.constantFrom('', 'm', 'k', 'Mi', 'Gi', 'e2', 'e-3'),
      )
      .map(([n, u]) => `${n}${u}`);
    fc.assert(
      fc.property(quantity, quantity, (request, limit) => {
        const construct = (() => {
          try {
            _checkRequestLimit({ node: { path: 'x' } }, 'resources.cpu', request, limit, '1');
            return 0;
          } catch {
            return 1;
          }
        })();
        const r = helm([
          ...['template', 'rel', chart, '--kube-version', '1.27.0', '--show-only', 'templates/web.yaml'],
          ...['--set-string', `web.resources.requests.cpu=${request},web.resources.limits.cpu=${limit}`],
        ]);
        expect([request, limit, r.status === 0 ? 0 : 1]).toEqual([request, limit, construct]);
        if (construct === 1) {
          expect(r.stderr).toContain(
            `values: 'web.resources.requests.cpu' must not exceed 'web.resources.limits.cpu' (got ${request} > ${limit})`,
          );
        }
      }),
      { numRuns: 30 },
    );
  });
});
