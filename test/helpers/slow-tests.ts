import { settleOutboxes } from './app';

// Integration and e2e tests talk to real servers (DynamoDB Local, Chromium): allow them time.
jest.setTimeout(120_000);

// Rounds of the outbox kicked by the file's bookings finish before its DynamoDB clients go away.
afterAll(() => settleOutboxes());
