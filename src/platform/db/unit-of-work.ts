/**
 * One DynamoDB transaction that several features write into, each adding only its own items
 * through its own functions (users stages the account, notifications the outbox items), so no
 * feature hands another a raw write on its table. A write may say which error a failed condition
 * on it stands for; commit throws that error instead of the cancellation.
 */
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './client';
import { failedConditions } from './errors';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

interface StagedWrite {
  item: TransactItem;
  onConditionFailed?: () => Error;
}

export class UnitOfWork {
  readonly #writes: StagedWrite[] = [];

  constructor(readonly db: Db) {}

  /** Adds a write; `onConditionFailed` gives the error its failed condition means to the person asking. */
  stage(item: TransactItem, onConditionFailed?: () => Error): void {
    this.#writes.push({ item, onConditionFailed });
  }

  get isEmpty(): boolean {
    return this.#writes.length === 0;
  }

  /**
   * Writes everything staged, or nothing. The first failed write that names an error throws it;
   * other failures are thrown as they came. `clientToken` makes an SDK retry of a landed write harmless.
   */
  async commit({ clientToken }: { clientToken?: string } = {}): Promise<void> {
    if (this.isEmpty) return;
    const items = this.#writes.map((w) => w.item);
    try {
      await this.db.doc.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: clientToken }));
    } catch (error) {
      throw this.#namedFailure(error) ?? error;
    }
  }

  #namedFailure(error: unknown): Error | undefined {
    const failed = failedConditions(error);
    return this.#writes.find((write, i) => failed[i] && write.onConditionFailed)?.onConditionFailed!();
  }
}
