/** /healthz: the process answers. /readyz: DynamoDB answers too (load balancers stop sending when it doesn't). */
import { Router } from 'express';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { Db } from '../db/client';

export function healthRoutes(db: Db): Router {
  return Router()
    .get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    })
    .get('/readyz', async (_req, res) => {
      try {
        await db.client.send(new DescribeTableCommand({ TableName: db.tables.users }), { abortSignal: AbortSignal.timeout(2000) });
        res.json({ status: 'ready' });
      } catch {
        res.status(503).json({ status: 'unavailable', dependency: 'dynamodb' });
      }
    });
}
