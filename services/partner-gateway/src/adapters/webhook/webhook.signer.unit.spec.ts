import { randomUUID } from 'node:crypto';
import { partnerNotificationChecker } from '@ketenpad/contracts';
import { thinNotification } from '../../domain/thin-notification';
import { signWebhook } from './webhook.signer';

describe('Standard Webhooks signing', () => {
  it("reproduces the reference signature of the specification's JavaScript library", () => {
    // given the secret, id, timestamp and payload of the library's own "sign function works" test
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    // when signed
    const headers = signWebhook(
      secret,
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      new Date(1614265330 * 1000),
      '{"test": 2432232314}',
    );
    // then the signature equals the library's expected value
    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('sends notifications exactly as the partner webhooks contract describes them (contracts/webhooks)', () => {
    // given a notification of an event, signed as the delivery worker signs it
    const id = randomUUID();
    const notification = thinNotification(
      {
        id,
        source: 'urn:nld:ketenpad:social-work:SW-AMS',
        type: 'nl.ketenpad.social-work.referral-accepted.v1',
        time: new Date().toISOString(),
        pathwayId: randomUUID(),
        classification: 'chain',
      },
      'https://partners.ketenpad.example/',
    );
    const body = JSON.stringify(notification);
    const headers = signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', `msg_${id}`, new Date(), body);

    // when checked against the contract alone
    const issues = partnerNotificationChecker()(JSON.parse(body), { ...headers });

    // then it conforms, and the dataref points at the gateway's notification resource
    expect(issues).toEqual([]);
    expect(notification.dataref).toBe(`https://partners.ketenpad.example/api/v1/notifications/${id}`);
  });
});
