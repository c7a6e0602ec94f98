import { ConfigError } from '@ketenpad/runtime';
import { loadPartnerGatewayConfig } from './partner-gateway.config';

const local = { mode: 'development', host: '0.0.0.0', port: 3106 } as const;

describe('loadPartnerGatewayConfig', () => {
  it('falls back to the development key and the service’s own address outside production', () => {
    // when
    const config = loadPartnerGatewayConfig(local, { PARTNER_GATEWAY_DELIVERY_RUN_LENGTH: '5' });

    // then
    expect(config).toMatchObject({ publicUrl: 'http://127.0.0.1:3106', production: false, deliveryRunLength: 5 });
    expect(config.secretKey).toHaveLength(32);
  });

  it('reports every problem at once: no public URL, no key and a malformed number', () => {
    // given
    const env = { PARTNER_GATEWAY_MAX_IN_FLIGHT: 'many' };

    // when
    let error: unknown;
    try {
      loadPartnerGatewayConfig({ ...local, mode: 'production' }, env);
    } catch (caught) {
      error = caught;
    }

    // then
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PARTNER_GATEWAY_PUBLIC_URL is required in production',
      'PARTNER_GATEWAY_SECRET_KEY is required in production (32 random bytes, base64)',
      'PARTNER_GATEWAY_MAX_IN_FLIGHT must be a positive whole number',
    ]);
  });
});
