import { _hostSlug, _MAX_RULES, _GATEWAY_API } from '../../constructs/_routes';

describe('route names', () => {
  test('a host becomes a name part with its wildcard spelled out', () => {
    expect(_hostSlug('delinkcio.us')).toBe('delinkcio.us');
    expect(_hostSlug('*.delinkcio.us')).toBe('wildcard.delinkcio.us');
  });

  test('follow the Gateway API standard channel limits', () => {
    expect([_GATEWAY_API, _MAX_RULES]).toEqual(['gateway.networking.k8s.io/v1', 16]);
  });
});
