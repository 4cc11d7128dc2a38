// Integration and e2e tests talk to real servers (DynamoDB Local, Chromium): allow them time.
jest.setTimeout(120_000);
