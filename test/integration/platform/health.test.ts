import request from 'supertest';
import { buildTestApp } from '../../helpers/app';

describe('health and readiness', () => {
  it('is live and ready when DynamoDB answers', async () => {
    const { app } = buildTestApp();
    await request(app).get('/healthz').expect(200, { status: 'ok' });
    await request(app).get('/readyz').expect(200, { status: 'ready' });
  });

  describe('when DynamoDB is unreachable', () => {
    const { app } = buildTestApp({ MEDTRACK_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' });

    it('stays live but reports not ready', async () => {
      await request(app).get('/healthz').expect(200);
      const ready = await request(app).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable', dependency: 'dynamodb' });
    });

    it('answers pages that need data with a 503 page quickly instead of hanging', async () => {
      const started = Date.now();
      const response = await request(app).get('/register/doctor');
      expect(response.status).toBe(503);
      expect(response.text).toContain('trouble reaching its database');
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
});
